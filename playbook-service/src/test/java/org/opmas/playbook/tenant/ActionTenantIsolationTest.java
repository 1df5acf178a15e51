package org.opmas.playbook.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.opmas.playbook.support.Fixtures.actionsOfRun;
import static org.opmas.playbook.support.Fixtures.unique;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.playbook.support.Fixtures;
import org.opmas.playbook.support.Fixtures.Device;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Tenant isolation of runs and intended actions through the API, with real tokens: an operator of
 * tenant b can neither see nor decide tenant a's actions, nor run a playbook on a's device; playbooks,
 * shared by every tenant, change only with an all-tenants admin token.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ActionTenantIsolationTest {

    static final DevTokens TOKENS = DevTokens.forTests();
    static final Duration WAIT = Duration.ofSeconds(30);

    static String token(String tenant, String role) {
        return DevTokens.bearer(TOKENS.mintForTenant("ops-" + tenant, Set.of(role), tenant, Duration.ofMinutes(10)));
    }

    static Device deviceOf(String tenant) {
        Device device = Fixtures.device("ap-" + tenant, "X", "active");
        Fixtures.execute("UPDATE devices SET tenant_id = ? WHERE id = ?", tenant, device.id());
        return device;
    }

    /** A manual playbook whose one step waits for approval. */
    static int approvalPlaybook(String adminToken) {
        return given().header("Authorization", adminToken).contentType(ContentType.JSON)
                .body("{\"name\":\"" + unique("tenant") + "\",\"trigger_type\":\"manual\","
                        + "\"policy\":{\"requires_approval\":true},\"steps\":[{\"action_type\":\"wifi_reload\"}]}")
                .post("/api/v1/playbooks").then().statusCode(201).extract().path("id");
    }

    static String startRun(int playbook, int deviceId, String token) {
        return given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("device_id", deviceId))
                .post("/api/v1/playbooks/" + playbook + "/runs").then().statusCode(202).extract().path("run_id");
    }

    static int awaitingAction(String runId) {
        await().atMost(WAIT).until(() -> actionsOfRun(runId).size() == 1
                && "awaiting_approval".equals(actionsOfRun(runId).get(0).get("status")));
        return ((Number) actionsOfRun(runId).get(0).get("id")).intValue();
    }

    @Test
    void anotherTenantsActionsAndRunsCanBeNeitherSeenNorDecided() {
        String a = unique("ta").toLowerCase();
        String b = unique("tb").toLowerCase();
        String all = token("*", "admin");
        String operatorA = token(a, "operator");
        String operatorB = token(b, "operator");
        int playbook = approvalPlaybook(all);
        Device deviceA = deviceOf(a);

        String runA = startRun(playbook, deviceA.id(), operatorA);
        int actionA = awaitingAction(runA);
        assertThat(Fixtures.query("SELECT tenant_id FROM intended_actions WHERE id = ?", actionA).get(0).get("tenant_id"))
                .as("inherited from the device").isEqualTo(a);

        for (String decision : new String[] {"approve", "reject"}) {
            given().header("Authorization", operatorB).contentType(ContentType.JSON).body(Map.of("reason", "not mine"))
                    .post("/api/v1/intended-actions/" + actionA + "/" + decision)
                    .then().statusCode(404).contentType(containsString("problem+json"));
        }
        given().header("Authorization", operatorB).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/intended-actions/" + actionA + "/cancel").then().statusCode(404);
        given().header("Authorization", operatorB).get("/api/v1/intended-actions/" + actionA).then().statusCode(404);
        given().header("Authorization", operatorB).get("/api/v1/runs/" + runA).then().statusCode(404);
        given().header("Authorization", operatorB).queryParam("run_id", runA).get("/api/v1/intended-actions")
                .then().statusCode(200).body("total", is(0));
        given().header("Authorization", operatorB).queryParam("device_id", deviceA.id()).get("/api/v1/runs")
                .then().statusCode(200).body("total", is(0));
        assertThat(actionsOfRun(runA).get(0).get("status")).as("b's attempts changed nothing").isEqualTo("awaiting_approval");

        // Nor can b start anything on a's router: the device does not exist for b.
        given().header("Authorization", operatorB).contentType(ContentType.JSON).body(Map.of("device_id", deviceA.id()))
                .post("/api/v1/playbooks/" + playbook + "/runs")
                .then().statusCode(400).body("errors.field", hasItem("device_id"));
        assertThat(Fixtures.query("SELECT count(*) AS n FROM playbook_runs WHERE device_id = ?", deviceA.id()).get(0).get("n"))
                .isEqualTo(1L);

        // a sees and decides its own; an all-tenants token sees it too.
        given().header("Authorization", all).get("/api/v1/intended-actions/" + actionA).then().statusCode(200)
                .body("status", is("awaiting_approval"));
        given().header("Authorization", operatorA).queryParam("device_id", deviceA.id()).get("/api/v1/runs")
                .then().statusCode(200).body("total", is(1));
        given().header("Authorization", operatorA).contentType(ContentType.JSON).body(Map.of("reason", "mine"))
                .post("/api/v1/intended-actions/" + actionA + "/approve")
                .then().statusCode(200).body("status", not(is("awaiting_approval"))).body("approved_by", is("ops-" + a));
    }

    @Test
    void playbooksChangeOnlyWithATokenForAllTenants() {
        String tenant = unique("tp").toLowerCase();
        String adminOfTenant = token(tenant, "admin");
        given().header("Authorization", adminOfTenant).contentType(ContentType.JSON)
                .body("{\"name\":\"" + unique("tenant") + "\",\"trigger_type\":\"manual\",\"steps\":[]}")
                .post("/api/v1/playbooks")
                .then().statusCode(403).contentType(containsString("problem+json"))
                .body("detail", containsString("all tenants"));
        int playbook = approvalPlaybook(token("*", "admin"));
        given().header("Authorization", adminOfTenant).delete("/api/v1/playbooks/" + playbook).then().statusCode(403);
        given().header("Authorization", adminOfTenant).get("/api/v1/playbooks/" + playbook).then().statusCode(200)
                .body("id", is(playbook));
    }
}
