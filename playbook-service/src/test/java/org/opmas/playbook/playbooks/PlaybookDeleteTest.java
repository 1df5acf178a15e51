package org.opmas.playbook.playbooks;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.opmas.playbook.support.Fixtures.createPlaybook;
import static org.opmas.playbook.support.Fixtures.unique;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.playbook.support.Fixtures;
import org.opmas.schema.events.Severity;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/** A playbook that ran is the record of what was done to routers: it can be deactivated, never deleted. */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class PlaybookDeleteTest {

    private static int manualPlaybook() {
        return createPlaybook("{\"name\":\"" + unique("delete") + "\",\"trigger_type\":\"manual\",\"steps\":["
                + "{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}}]}");
    }

    @Test
    void aPlaybookWithRunsIsKeptWith409AndOneWithoutRunsIsDeleted() {
        String type = unique("deleted");
        int ran = createPlaybook("{\"name\":\"" + unique("delete") + "\",\"trigger_type\":\"finding\","
                + "\"trigger_conditions\":{\"finding_type\":\"" + type + "\"},\"steps\":["
                + "{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}}]}");
        Fixtures.Device device = Fixtures.device("ap-delete", "X", "active");
        Fixtures.FindingRef finding = Fixtures.finding(device.id(), type, "error", "{}");
        Fixtures.publish(Fixtures.findingEvent(finding, device.id(), type, Severity.ERROR, "{}", false));
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.runsOfFinding(finding.id()).size() == 1);
        String runId = Fixtures.runsOfFinding(finding.id()).get(0).get("run_id").toString();

        given().delete("/api/v1/playbooks/" + ran).then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("status", is(409))
                .body("detail", containsString("Playbook " + ran + " has 1 run"))
                .body("detail", containsString("deactivate it"));
        given().get("/api/v1/playbooks/" + ran).then().statusCode(200).body("steps.size()", is(1));
        given().get("/api/v1/runs/" + runId).then().statusCode(200).body("playbook_id", is(ran));

        int neverRan = manualPlaybook();
        given().delete("/api/v1/playbooks/" + neverRan).then().statusCode(204);
        given().get("/api/v1/playbooks/" + neverRan).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().delete("/api/v1/playbooks/" + neverRan).then().statusCode(404);
    }
}
