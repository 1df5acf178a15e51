package org.opmas.agent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class PreviewAndMetricsApiTest {

    static final Map<String, Object> SSH_RULE = Map.of("name", "Try", "rule_type", "threshold",
            "conditions", Map.of("program", List.of("dropbear"),
                    "message_regex", "^(?:Bad password attempt for '(?<user>[^']*)'|Login attempt for nonexistent user) from (?<source_ip>[0-9.]+):\\d+$",
                    "group_by", List.of("source_ip"), "threshold", 3, "window_seconds", 120, "cooldown_seconds", 600),
            "actions", Map.of("finding_type", "ssh_brute_force", "severity", "warning",
                    "description", "{count} failed SSH logins from {source_ip}"));

    @Test
    void previewShowsMatchesCapturesAndDetections() {
        List<String> lines = new ArrayList<>();
        lines.add("<38>Nov 27 22:45:40 ap1 dropbear[812]: Bad password attempt for 'root' from 192.0.2.7:51234");
        lines.add("<38>Nov 27 22:45:41 ap1 dropbear[812]: Exit before auth from <192.0.2.7:51234>: Exited normally");
        lines.add("<38>Nov 27 22:45:42 ap1 dropbear[813]: Login attempt for nonexistent user from 192.0.2.7:51240");
        lines.add("<38>Nov 27 22:45:43 ap1 dropbear[814]: Bad password attempt for 'admin' from 198.51.100.9:50000");
        lines.add("<38>Nov 27 22:45:44 ap1 dropbear[815]: Bad password attempt for 'root' from 192.0.2.7:51250");
        given().contentType(ContentType.JSON).body(Map.of("rule", SSH_RULE, "lines", lines, "device_id", 42))
                .post("/api/v1/rules/preview").then().statusCode(200)
                .body("rule_type", is("threshold"))
                .body("evaluated", is(5)).body("matched", is(4))
                .body("items[0].matched", is(true))
                .body("items[0].captured.user", is("root"))
                .body("items[0].captured.source_ip", is("192.0.2.7"))
                .body("items[0].event.program", is("dropbear"))
                .body("items[1].matched", is(false))
                .body("items[1].captured", nullValue())
                .body("detections.size()", is(1))
                .body("detections[0].description", is("3 failed SSH logins from 192.0.2.7"))
                .body("detections[0].device_id", is(42))
                .body("detections[0].match_count", is(3))
                .body("detections[0].window_start", is("2026-11-27T22:45:40Z"));
    }

    @Test
    void previewOfAnAbsenceRuleRunsTheTimerAfterTheLastSample() {
        Map<String, Object> rule = Map.of("name", "Silent", "rule_type", "absence",
                "conditions", Map.of("silence_seconds", 600),
                "actions", Map.of("finding_type", "device_silent", "severity", "warning", "description", "silent since {last_seen_at}"));
        given().contentType(ContentType.JSON)
                .body(Map.of("rule", rule, "events", List.of(Map.of("id", "3f8e5a2c-1b7d-4c9e-8a6f-2d4b6c8e0a13",
                        "received_at", "2026-11-27T22:45:40Z", "timestamp", "2026-11-27T22:45:40Z", "message", "hello", "raw", "hello",
                        "format", "json"))))
                .post("/api/v1/rules/preview").then().statusCode(200)
                .body("items[0].source", is("event"))
                .body("detections[0].finding_type", is("device_silent"))
                .body("detections[0].description", is("silent since 2026-11-27T22:45:40Z"));
    }

    @Test
    void previewRejectsInvalidRulesAndEventsNamingThePath() {
        given().contentType(ContentType.JSON)
                .body(Map.of("rule", Map.of("name", "x", "rule_type", "threshold",
                        "conditions", Map.of("message_regex", "(unclosed", "threshold", 3, "window_seconds", 10),
                        "actions", Map.of("finding_type", "t", "severity", "info", "description", "d")), "lines", List.of("x")))
                .post("/api/v1/rules/preview").then().statusCode(400)
                .body("errors.field", hasItem("conditions.message_regex"))
                .body("errors.message", hasItem(containsString("does not compile")));
        given().contentType(ContentType.JSON).body(Map.of("rule", SSH_RULE, "events", List.of(Map.of("message", "no id"))))
                .post("/api/v1/rules/preview").then().statusCode(400).body("errors.field", hasItem("events[0]"));
        given().contentType(ContentType.JSON).body(Map.of("rule", SSH_RULE))
                .post("/api/v1/rules/preview").then().statusCode(400).body("errors.field", hasItem("lines"));
    }

    @Test
    void engineMetricsAreExported() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("opmas_agent_events_evaluated_total"))
                .body(containsString("opmas_agent_rule_evaluations_total"))
                .body(containsString("opmas_agent_state_keys"))
                .body(containsString("opmas_agent_rules_active"));
    }
}
