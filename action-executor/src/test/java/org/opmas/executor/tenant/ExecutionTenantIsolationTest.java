package org.opmas.executor.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.support.Fixtures;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * /api/v1/executions and the kill switch with real tokens of two tenants: b neither sees nor cancels
 * a's queued action; only an all-tenants admin may pause or resume the executor, which every tenant shares.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionTenantIsolationTest {

    static final DevTokens TOKENS = DevTokens.forTests();

    static String token(String tenant, String role) {
        return DevTokens.bearer(TOKENS.mintForTenant("exec-" + tenant, Set.of(role), tenant, Duration.ofMinutes(10)));
    }

    static int deviceOf(String tenant) throws Exception {
        String hostname = "ap-" + UUID.randomUUID().toString().substring(0, 8);
        return Integer.parseInt(Fixtures.queryString("INSERT INTO devices (hostname, ip_address, status, tenant_id)"
                + " VALUES (?, ?::inet, 'active', ?) RETURNING id::text", hostname, Fixtures.uniqueLoopback(), tenant));
    }

    @Test
    void anotherTenantsQueuedActionIsNeitherListedNorCancellable() throws Exception {
        String a = "ea-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "eb-" + UUID.randomUUID().toString().substring(0, 8);
        int deviceA = deviceOf(a);
        IntendedActionEvent waiting = Fixtures.action(deviceA, "reboot", 10, 0, false, "awaiting_approval", false, null);
        long id = waiting.actionId();

        given().header("Authorization", token(b, "operator")).post("/api/v1/executions/{id}/cancel", id)
                .then().statusCode(404).contentType(containsString("problem+json"));
        given().header("Authorization", token(b, "viewer")).get("/api/v1/executions/{id}", id).then().statusCode(404);
        given().header("Authorization", token(b, "viewer")).queryParam("device_id", deviceA).get("/api/v1/executions")
                .then().statusCode(200).body("total", is(0));
        assertThat(Fixtures.status(id)).as("b's cancel changed nothing").isEqualTo("awaiting_approval");

        given().header("Authorization", token(a, "viewer")).queryParam("device_id", deviceA).get("/api/v1/executions")
                .then().statusCode(200).body("total", is(1)).body("items[0].id", is((int) id));
        given().header("Authorization", token("*", "viewer")).get("/api/v1/executions/{id}", id)
                .then().statusCode(200).body("status", is("awaiting_approval"));
        given().header("Authorization", token(a, "operator")).post("/api/v1/executions/{id}/cancel", id)
                .then().statusCode(200).body("status", is("cancelled"));
    }

    @Test
    void theKillSwitchNeedsATokenForAllTenants() {
        boolean enabled = given().header("Authorization", token("*", "viewer")).get("/api/v1/executor")
                .then().statusCode(200).extract().path("enabled");
        for (String change : new String[] {"pause", "resume"}) {
            given().header("Authorization", token("ek-" + UUID.randomUUID().toString().substring(0, 8), "admin"))
                    .post("/api/v1/executor/" + change)
                    .then().statusCode(403).contentType(containsString("problem+json"))
                    .body("detail", containsString("all tenants"));
        }
        given().header("Authorization", token("*", "viewer")).get("/api/v1/executor")
                .then().statusCode(200).body("enabled", is(enabled));
    }
}
