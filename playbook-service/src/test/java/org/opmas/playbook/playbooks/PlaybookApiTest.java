package org.opmas.playbook.playbooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.opmas.playbook.support.Fixtures.createPlaybook;
import static org.opmas.playbook.support.Fixtures.unique;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.playbook.support.Fixtures;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class PlaybookApiTest {

    private static String manualPlaybook(String name, String steps) {
        return "{\"name\":\"" + name + "\",\"trigger_type\":\"manual\",\"steps\":" + steps + "}";
    }

    @Test
    void createsReadsListsAndRejectsDuplicateNames() {
        String name = unique("pb");
        int id = createPlaybook("{\"name\":\"" + name + "\",\"description\":\"d\",\"trigger_type\":\"finding\","
                + "\"trigger_conditions\":{\"finding_type\":\"wifi_*\",\"min_severity\":\"warning\","
                + "\"device\":{\"hostname\":\"ap-*\",\"status\":[\"active\"]}},"
                + "\"policy\":{\"cooldown_seconds\":60,\"max_runs_per_device_per_hour\":3,\"requires_approval\":true},"
                + "\"steps\":[{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}},"
                + "{\"action_type\":\"wifi_reload\",\"requires_approval\":true,\"timeout_seconds\":60}]}");

        given().get("/api/v1/playbooks/" + id).then().statusCode(200)
                .body("name", is(name))
                .body("trigger_conditions.finding_type", is("wifi_*"))
                .body("policy.cooldown_seconds", is(60))
                .body("is_active", is(true))
                .body("steps.step_number", equalTo(List.of(1, 2)))
                .body("steps[1].action_type", is("wifi_reload"))
                .body("steps[1].requires_approval", is(true))
                .body("steps[1].timeout_seconds", is(60));

        given().contentType(ContentType.JSON).body(manualPlaybook(name, "[]")).post("/api/v1/playbooks")
                .then().statusCode(409).contentType(containsString("problem+json"))
                .body("errors.field", hasItem("name"));

        given().queryParam("name", name.substring(3)).queryParam("trigger_type", "finding").queryParam("size", 5)
                .get("/api/v1/playbooks").then().statusCode(200)
                .body("total", is(1)).body("items[0].id", is(id)).body("size", is(5)).body("page", is(0));
        given().queryParam("sort", "secret,asc").get("/api/v1/playbooks").then().statusCode(400)
                .body("errors.field", hasItem("sort"));
    }

    @Test
    void seedsDefaultPlaybooksWithApprovalOnRemediation() {
        given().queryParam("name", "default-").queryParam("size", 50).get("/api/v1/playbooks").then().statusCode(200)
                .body("items.name", hasItems("default-ssh-brute-force", "default-interface-flapping",
                        "default-driver-crash", "default-oom-kill", "default-deauth-flood", "default-dfs-radar"));
        int ssh = given().queryParam("name", "default-ssh-brute-force").get("/api/v1/playbooks").then()
                .extract().path("items[0].id");
        given().get("/api/v1/playbooks/" + ssh).then()
                .body("trigger_conditions.finding_type", is("ssh_brute_force"))
                .body("steps[0].action_type", is("collect_diagnostics"))
                .body("steps[0].requires_approval", is(false))
                .body("steps[1].action_type", is("block_ip"))
                .body("steps[1].requires_approval", is(true));
    }

    @Test
    void rejectsUnsafeTemplatesOnSaveNamingTheField() {
        for (String command : List.of("echo '{{details.source_ip:ip}}'", "echo {{details.source_ip}}",
                "echo $({{details.source_ip:ip}})", "{{details.cmd:word}}", "echo `{{details.x:ip}}`")) {
            String steps = "[{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}},"
                    + "{\"action_type\":\"ssh_command\",\"action_config\":{\"command\":"
                    + org.opmas.schema.EventJson.toJson(command) + "}}]";
            given().contentType(ContentType.JSON).body(manualPlaybook(unique("unsafe"), steps))
                    .post("/api/v1/playbooks")
                    .then().statusCode(400).contentType(containsString("problem+json"))
                    .body("errors.field", hasItem("steps[1].action_config.command"));
        }
        given().contentType(ContentType.JSON).body(manualPlaybook(unique("unsafe"),
                "[{\"action_type\":\"block_ip\",\"action_config\":{\"ip\":\"1.2.3.4; reboot\"}}]"))
                .post("/api/v1/playbooks").then().statusCode(400)
                .body("errors.field", hasItem("steps[0].action_config.ip"));
        given().contentType(ContentType.JSON).body(manualPlaybook(unique("unsafe"),
                "[{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"cat /etc/shadow\"]}}]"))
                .post("/api/v1/playbooks").then().statusCode(400)
                .body("errors.field", hasItem("steps[0].action_config.commands[0]"));
        given().contentType(ContentType.JSON).body("{\"name\":\"" + unique("bad") + "\",\"trigger_type\":\"finding\","
                + "\"trigger_conditions\":{\"finding_type\":\"x\",\"min_severity\":\"fatal\"},\"policy\":{\"cooldown\":1}}")
                .post("/api/v1/playbooks").then().statusCode(400)
                .body("errors.field", hasItems("trigger_conditions.min_severity", "policy.cooldown"));

        int id = createPlaybook(manualPlaybook(unique("steps"), "[]"));
        given().contentType(ContentType.JSON)
                .body("{\"action_type\":\"ssh_command\",\"action_config\":{\"command\":\"sh -c {{details.x:word}}\"}}")
                .post("/api/v1/playbooks/" + id + "/steps").then().statusCode(400)
                .body("errors.field", hasItem("action_config.command"));
    }

    @Test
    void addsAndReordersStepsInOneTransaction() {
        int id = createPlaybook(manualPlaybook(unique("order"), "[{\"action_type\":\"wifi_reload\"},"
                + "{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}}]"));
        int third = given().contentType(ContentType.JSON).body("{\"action_type\":\"reboot\",\"name\":\"last\"}")
                .post("/api/v1/playbooks/" + id + "/steps").then().statusCode(201)
                .body("step_number", is(3)).extract().path("id");
        List<Integer> ids = given().get("/api/v1/playbooks/" + id + "/steps").then().statusCode(200)
                .extract().path("id");
        given().contentType(ContentType.JSON).body("{\"action_type\":\"reboot\",\"step_number\":1}")
                .post("/api/v1/playbooks/" + id + "/steps").then().statusCode(409);

        given().contentType(ContentType.JSON)
                .body("{\"step_ids\":[" + third + "," + ids.get(1) + "," + ids.get(0) + "]}")
                .put("/api/v1/playbooks/" + id + "/steps/order").then().statusCode(200)
                .body("id", equalTo(List.of(third, ids.get(1), ids.get(0))))
                .body("step_number", equalTo(List.of(1, 2, 3)));
        given().contentType(ContentType.JSON).body("{\"step_ids\":[" + third + "]}")
                .put("/api/v1/playbooks/" + id + "/steps/order").then().statusCode(400)
                .body("errors.field", hasItem("step_ids"));
        assertThat(Fixtures.query("SELECT step_number FROM playbook_steps WHERE id = ?", third).get(0)
                .get("step_number")).isEqualTo(1);

        given().delete("/api/v1/playbooks/" + id + "/steps/" + third).then().statusCode(204);
        given().delete("/api/v1/playbooks/" + id).then().statusCode(204);
        given().get("/api/v1/playbooks/" + id).then().statusCode(404);
    }

    @Test
    void previewRendersExactCommandsAndCreatesNothing() {
        Fixtures.Device device = Fixtures.device("ap-preview", "X1", "active");
        int id = createPlaybook(manualPlaybook(unique("preview"),
                "[{\"action_type\":\"block_ip\",\"action_config\":{\"ip\":\"{{details.source_ip}}\"}},"
                        + "{\"action_type\":\"ssh_command\",\"action_config\":{\"command\":\"logread | grep -F {{details.source_ip:ip}} | tail -n 5\"}}]"));
        long before = (long) Fixtures.query("SELECT count(*) AS n FROM intended_actions WHERE playbook_id = ?", id)
                .get(0).get("n");

        given().contentType(ContentType.JSON)
                .body("{\"device_id\":" + device.id() + ",\"variables\":{\"source_ip\":\"198.51.100.7\"}}")
                .queryParam("preview", true).post("/api/v1/playbooks/" + id + "/runs")
                .then().statusCode(200)
                .body("renderable", is(true))
                .body("steps[0].command", containsString("uci set 'firewall.@rule[-1].src_ip=198.51.100.7'"))
                .body("steps[1].command", is("logread | grep -F '198.51.100.7' | tail -n 5"))
                .body("steps[1].error", nullValue());

        given().contentType(ContentType.JSON)
                .body("{\"device_id\":" + device.id() + ",\"variables\":{\"source_ip\":\"'; reboot; '\"}}")
                .queryParam("preview", true).post("/api/v1/playbooks/" + id + "/runs")
                .then().statusCode(200)
                .body("renderable", is(false))
                .body("steps[0].command", nullValue())
                .body("steps[0].error", containsString("details.source_ip is not an IPv4 or IPv6 address"));

        given().contentType(ContentType.JSON)
                .body("{\"device_id\":" + device.id() + ",\"variables\":{\"source_ip\":\"$(id)\"}}")
                .post("/api/v1/playbooks/" + id + "/runs")
                .then().statusCode(400).body("errors.field", hasItem("variables"));

        assertThat(Fixtures.query("SELECT count(*) AS n FROM intended_actions WHERE playbook_id = ?", id).get(0)
                .get("n")).isEqualTo(before);
    }

    @Test
    void manualRunThenCancel() {
        Fixtures.Device device = Fixtures.device("ap-manual", "X1", "active");
        int id = createPlaybook(manualPlaybook(unique("manual"),
                "[{\"action_type\":\"service_restart\",\"action_config\":{\"service\":\"dnsmasq\"}},"
                        + "{\"action_type\":\"wifi_reload\"}]"));
        String runId = given().contentType(ContentType.JSON)
                .body("{\"device_id\":" + device.id() + "}")
                .post("/api/v1/playbooks/" + id + "/runs")
                .then().statusCode(202).body("status", is("running")).extract().path("run_id");

        given().get("/api/v1/runs/" + runId).then().statusCode(200)
                .body("status", is("running")).body("current_step", is(1)).body("trigger", is("manual"))
                .body("requested_by", is("test-admin")) // the token's subject (@TestSecurity), not a name in the body
                .body("steps[0].status", is("pending"))
                .body("steps[0].scheduled_at", org.hamcrest.Matchers.notNullValue())
                .body("steps[0].action_config.command", containsString("/etc/init.d/'dnsmasq' restart"))
                .body("steps[1].scheduled_at", nullValue());
        int first = given().queryParam("run_id", runId).queryParam("sort", "step_number,asc")
                .get("/api/v1/intended-actions").then().statusCode(200).body("total", is(2))
                .extract().path("items[0].id");

        given().contentType(ContentType.JSON).body("{\"reason\":\"not now\"}")
                .post("/api/v1/intended-actions/" + first + "/cancel").then().statusCode(200)
                .body("status", is("cancelled"))
                .body("status_reason", is("cancelled by test-admin: not now"));
        given().get("/api/v1/runs/" + runId).then()
                .body("status", is("cancelled"))
                .body("steps[1].status", is("skipped"));
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/intended-actions/" + first + "/cancel").then().statusCode(409);
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/intended-actions/" + first + "/approve").then().statusCode(409);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/intended-actions/999999999/cancel").then().statusCode(404);
        given().queryParam("status", "bogus").get("/api/v1/intended-actions").then().statusCode(400);
    }
}
