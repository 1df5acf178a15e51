package org.opmas.agent.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Agents and rules are one catalogue shared by every tenant: an admin whose token is limited to one
 * tenant may read it but not change it (it would change how OPMAS treats the other tenants' routers).
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SharedCatalogueTenantTest {

    static final String TENANT_ADMIN = DevTokens.bearer(
            DevTokens.forTests().mintForTenant("admin-of-a", Set.of("admin"), "a", Duration.ofHours(1)));
    static final String GLOBAL_ADMIN = DevTokens.bearer(
            DevTokens.forTests().mintForTenant("admin-of-all", Set.of("admin"), "*", Duration.ofHours(1)));

    static Map<String, Object> agent(String name) {
        return Map.of("name", name, "type", "wifi", "description", "shared catalogue test");
    }

    static Map<String, Object> rule(String name) {
        return Map.of("name", name, "rule_type", "threshold", "priority", 1,
                "conditions", Map.of("program", List.of("tenanttestd"),
                        "message_regex", "^boom from (?<source_ip>[0-9.]+)$",
                        "group_by", List.of("source_ip"), "threshold", 3, "window_seconds", 60, "cooldown_seconds", 300),
                "actions", Map.of("finding_type", "tenant_test", "severity", "warning", "description", "{count} booms"));
    }

    @Test
    void aTenantLimitedAdminCannotChangeAgentsOrRulesButAnAllTenantsAdminCan() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        given().header("Authorization", TENANT_ADMIN).contentType(ContentType.JSON).body(agent("tenant-a-agent-" + suffix))
                .post("/api/v1/agents").then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("limited to tenant 'a'"));

        int agentId = given().header("Authorization", GLOBAL_ADMIN).contentType(ContentType.JSON)
                .body(agent("global-agent-" + suffix))
                .post("/api/v1/agents").then().statusCode(201).extract().path("id");

        given().header("Authorization", TENANT_ADMIN).contentType(ContentType.JSON).body(rule("tenant-a-rule"))
                .post("/api/v1/agents/" + agentId + "/rules").then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("limited to tenant 'a'"));
        given().header("Authorization", TENANT_ADMIN).delete("/api/v1/agents/" + agentId).then().statusCode(403);

        // reads stay open to every tenant: the catalogue is shared
        given().header("Authorization", TENANT_ADMIN).get("/api/v1/agents/" + agentId).then().statusCode(200)
                .body("name", is("global-agent-" + suffix));
        given().header("Authorization", TENANT_ADMIN).get("/api/v1/agents/" + agentId + "/rules").then().statusCode(200)
                .body("total", is(0));

        int ruleId = given().header("Authorization", GLOBAL_ADMIN).contentType(ContentType.JSON).body(rule("global-rule"))
                .post("/api/v1/agents/" + agentId + "/rules").then().statusCode(201).extract().path("id");
        given().header("Authorization", TENANT_ADMIN).delete("/api/v1/agents/" + agentId + "/rules/" + ruleId)
                .then().statusCode(403);
        given().header("Authorization", GLOBAL_ADMIN).delete("/api/v1/agents/" + agentId + "/rules/" + ruleId)
                .then().statusCode(204);
        given().header("Authorization", GLOBAL_ADMIN).delete("/api/v1/agents/" + agentId).then().statusCode(204);
    }
}
