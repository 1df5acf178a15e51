package org.opmas.agent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class AgentsAndRulesApiTest {

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static int createAgent(String name, String type) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "description", "test agent", "config", Map.of("team", "noc")))
                .post("/api/v1/agents").then().statusCode(201)
                .header("Location", containsString("/api/v1/agents/"))
                .body("name", is(name)).body("is_active", is(true)).body("config.team", is("noc"))
                .extract().path("id");
    }

    static Map<String, Object> thresholdRule(String name, int priority) {
        return Map.of("name", name, "rule_type", "threshold", "priority", priority,
                "conditions", Map.of("program", List.of("apitestd"), // a program no other test logs: this rule stays active
                        "message_regex", "^Bad password attempt for '[^']*' from (?<source_ip>[0-9.]+):\\d+$",
                        "group_by", List.of("source_ip"), "threshold", 3, "window_seconds", 60, "cooldown_seconds", 300),
                "actions", Map.of("finding_type", "ssh_brute_force", "severity", "warning",
                        "description", "{count} failures from {source_ip}"));
    }

    @Test
    void seededAgentsAndCatalogueArePresentInPriorityOrder() {
        given().get("/api/v1/agents?size=100").then().statusCode(200)
                .body("items.name", org.hamcrest.Matchers.hasItems("wifi", "security", "health", "wan"));
        int security = given().get("/api/v1/agents?type=security").then().statusCode(200)
                .body("items.find { it.name == 'security' }.type", is("security"))
                .extract().path("items.find { it.name == 'security' }.id");
        given().get("/api/v1/agents/" + security + "/rules").then().statusCode(200)
                .body("total", is(2))
                .body("items.name", contains("SSHLoginAfterFailures", "RepeatedSSHLoginFailure"))
                .body("items[1].conditions.threshold", is(5))
                .body("items[1].conditions.window_seconds", is(120))
                .body("items[1].conditions.cooldown_seconds", is(600))
                .body("items[1].actions.finding_type", is("ssh_brute_force"));
    }

    @Test
    void agentCrudWithFiltersPagingAndConflicts() {
        String type = unique("type");
        String name = unique("agent");
        int id = createAgent(name, type);
        createAgent(unique("agent"), type);
        given().get("/api/v1/agents/" + id).then().statusCode(200).body("type", is(type)).body("created_at", notNullValue());
        given().get("/api/v1/agents?type=" + type + "&size=1&sort=name,desc").then().statusCode(200)
                .body("total", is(2)).body("size", is(1)).body("items.size()", is(1));
        given().contentType(ContentType.JSON).body(Map.of("name", name, "type", "other"))
                .post("/api/v1/agents").then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", is("name"));
        given().contentType(ContentType.JSON).body(Map.of("name", name, "type", type, "is_active", false))
                .put("/api/v1/agents/" + id).then().statusCode(200).body("is_active", is(false));
        given().get("/api/v1/agents?type=" + type + "&active=false").then().statusCode(200)
                .body("total", is(1)).body("items[0].id", is(id));
        given().contentType(ContentType.JSON).body(Map.of("type", type))
                .post("/api/v1/agents").then().statusCode(400).body("errors.field", hasItem("name"));
        given().delete("/api/v1/agents/" + id).then().statusCode(204);
        given().get("/api/v1/agents/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ruleCrudOrdersByPriorityAndRejectsDuplicateNames() {
        int agent = createAgent(unique("agent"), "security");
        int low = given().contentType(ContentType.JSON).body(thresholdRule("Low", 1))
                .post("/api/v1/agents/" + agent + "/rules").then().statusCode(201)
                .body("rule_type", is("threshold")).body("is_active", is(true)).extract().path("id");
        given().contentType(ContentType.JSON).body(thresholdRule("High", 50))
                .post("/api/v1/agents/" + agent + "/rules").then().statusCode(201);
        given().get("/api/v1/agents/" + agent + "/rules").then().statusCode(200)
                .body("items.name", contains("High", "Low"));
        given().contentType(ContentType.JSON).body(thresholdRule("Low", 5))
                .post("/api/v1/agents/" + agent + "/rules").then().statusCode(409)
                .body("errors[0].field", is("name"));
        given().contentType(ContentType.JSON).body(thresholdRule("High", 5))
                .put("/api/v1/agents/" + agent + "/rules/" + low).then().statusCode(409);
        given().contentType(ContentType.JSON).body(thresholdRule("Lower", 0))
                .put("/api/v1/agents/" + agent + "/rules/" + low).then().statusCode(200).body("name", is("Lower"));
        given().get("/api/v1/agents/" + agent + "/rules?rule_type=threshold&active=true").then().statusCode(200)
                .body("total", is(2));
        given().delete("/api/v1/agents/" + agent + "/rules/" + low).then().statusCode(204);
        given().get("/api/v1/agents/" + agent + "/rules/" + low).then().statusCode(404);
        given().get("/api/v1/agents/999999/rules").then().statusCode(404);
    }

    @Test
    void invalidRulesAreRejectedNamingTheJsonPath() {
        int agent = createAgent(unique("agent"), "security");
        String rules = "/api/v1/agents/" + agent + "/rules";
        expectInvalid(rules, rule("threshold", Map.of("message_regex", "x", "threshold", 3, "window_secs", 60)),
                "conditions.window_secs");
        expectInvalid(rules, rule("threshold", Map.of("message_regex", "from (?<ip>[0-9.+", "threshold", 3, "window_seconds", 60)),
                "conditions.message_regex");
        expectInvalid(rules, rule("threshold", Map.of("message_regex", "x", "threshold", 3, "window_seconds", 0)),
                "conditions.window_seconds");
        expectInvalid(rules, rule("threshold", Map.of("message_regex", "x", "threshold", 0, "window_seconds", 60)),
                "conditions.threshold");
        expectInvalid(rules, rule("threshold", Map.of("message_regex", "x", "threshold", "5", "window_seconds", 60)),
                "conditions.threshold");
        expectInvalid(rules, rule("threshold", Map.of("message_regex", "x", "threshold", 3, "window_seconds", 60,
                "group_by", List.of("mac"))), "conditions.group_by[0]");
        expectInvalid(rules, rule("match", Map.of("message_regex", "x", "threshold", 3)), "conditions.threshold");
        expectInvalid(rules, rule("sequence", Map.of("first", Map.of("message_regex", "a", "colour", "red"),
                "then", Map.of("message_regex", "b"), "within_seconds", 10)), "conditions.first.colour");
        expectInvalid(rules, rule("aggregate", Map.of("message_regex", "signal (?<signal>-\\d+)", "value", "signal",
                "function", "median", "operator", "lt", "bound", -75, "window_seconds", 300)), "conditions.function");
        expectInvalid(rules, rule("bogus", Map.of("message_regex", "x")), "rule_type");
        expectInvalid(rules, Map.of("name", "r", "rule_type", "match", "conditions", Map.of("message_regex", "x"),
                "actions", Map.of("finding_type", "t", "severity", "fatal", "description", "d")), "actions.severity");
        expectInvalid(rules, Map.of("name", "r", "rule_type", "match", "conditions", Map.of("message_regex", "x"),
                "actions", Map.of("finding_type", "t", "severity", "info", "description", "{nope}")), "actions.description");
    }

    static Map<String, Object> rule(String type, Map<String, Object> conditions) {
        return Map.of("name", unique("r"), "rule_type", type, "conditions", conditions,
                "actions", Map.of("finding_type", "test_finding", "severity", "info", "description", "x"));
    }

    static void expectInvalid(String path, Map<String, Object> body, String field) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("errors.message", everyItem(notNullValue()));
    }
}
