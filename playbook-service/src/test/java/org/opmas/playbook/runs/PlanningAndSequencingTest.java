package org.opmas.playbook.runs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.opmas.playbook.support.Fixtures.actionsOfRun;
import static org.opmas.playbook.support.Fixtures.createPlaybook;
import static org.opmas.playbook.support.Fixtures.intendedFor;
import static org.opmas.playbook.support.Fixtures.publish;
import static org.opmas.playbook.support.Fixtures.runsOfFinding;
import static org.opmas.playbook.support.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.playbook.support.Fixtures;
import org.opmas.playbook.support.Fixtures.Device;
import org.opmas.playbook.support.Fixtures.FindingRef;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.Topics;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.Severity;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

/** Findings in on opmas.findings, intended actions out on opmas.actions.intended, results back in. */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class PlanningAndSequencingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A finding playbook for a unique finding type; steps and policy as given. */
    private static int playbook(String findingType, String extraConditions, String policy, String steps) {
        return createPlaybook("{\"name\":\"" + unique("flow") + "\",\"trigger_type\":\"finding\","
                + "\"trigger_conditions\":{\"finding_type\":\"" + findingType + "\"" + extraConditions + "},"
                + "\"policy\":" + policy + ",\"steps\":" + steps + "}");
    }

    private static FindingEvent sendFinding(Device device, String type, String severity, String details, boolean shadow) {
        FindingRef ref = Fixtures.finding(device.id(), type, severity, details);
        FindingEvent event = Fixtures.findingEvent(ref, device.id(), type, Severity.fromWire(severity), details, shadow);
        publish(event);
        return event;
    }

    private static Map<String, Object> awaitOneRun(long findingId) {
        await().atMost(WAIT).until(() -> runsOfFinding((int) findingId).size() == 1);
        return runsOfFinding((int) findingId).get(0);
    }

    private static JsonNode awaitIntended(Object runId, int step) {
        await().atMost(WAIT).until(() -> intendedFor(runId.toString()).stream()
                .anyMatch(e -> e.get("step_number").asInt() == step));
        return intendedFor(runId.toString()).stream().filter(e -> e.get("step_number").asInt() == step).findFirst()
                .orElseThrow();
    }

    private static String runStatus(Object runId) {
        return (String) Fixtures.query("SELECT status FROM playbook_runs WHERE run_id = ?::uuid", runId.toString())
                .get(0).get("status");
    }

    private static final String THREE_STEPS = "[{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}},"
            + "{\"action_type\":\"ssh_command\",\"action_config\":{\"command\":\"ping -c 1 {{details.source_ip:ip}}\"}},"
            + "{\"action_type\":\"block_ip\",\"action_config\":{\"ip\":\"{{details.source_ip}}\"}}]";

    @Test
    void matchesTypeGlobSeverityAndDeviceFiltersButNotShadow() {
        String prefix = "tm" + unique("").substring(1, 7).replace("-", "");
        playbook(prefix + "_*", ",\"min_severity\":\"warning\",\"device\":{\"hostname\":\"match-*\",\"model\":\"GL-*\"}",
                "{}", "[{\"action_type\":\"wifi_reload\"}]");
        Device matching = Fixtures.device("match", "GL-MT3000", "active");
        Device other = Fixtures.device("other", "GL-MT3000", "active");
        Device otherModel = Fixtures.device("match", "Archer", "active");

        FindingEvent tooLow = sendFinding(matching, prefix + "_flap", "info", "{}", false);
        FindingEvent wrongType = sendFinding(matching, "x" + prefix + "_flap", "error", "{}", false);
        FindingEvent wrongHost = sendFinding(other, prefix + "_flap", "error", "{}", false);
        FindingEvent wrongModel = sendFinding(otherModel, prefix + "_flap", "error", "{}", false);
        FindingEvent shadow = sendFinding(matching, prefix + "_flap", "critical", "{}", true);
        FindingEvent match = sendFinding(matching, prefix + "_flap", "error", "{}", false);

        Map<String, Object> run = awaitOneRun(match.finding().id());
        assertThat(run.get("status")).isEqualTo("running");
        awaitIntended(run.get("run_id"), 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> List
                .of(tooLow, wrongType, wrongHost, wrongModel, shadow).stream()
                .allMatch(f -> runsOfFinding((int) f.finding().id()).isEmpty()));
    }

    @Test
    void hostileSourceIpProducesNoRunnableAction() {
        String type = unique("hostile");
        playbook(type, "", "{}", THREE_STEPS);
        Device device = Fixtures.device("ap-hostile", "X", "active");
        FindingEvent event = sendFinding(device, type, "error", "{\"source_ip\":\"'; reboot; '\"}", false);

        Map<String, Object> run = awaitOneRun(event.finding().id());
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat((String) run.get("status_reason")).contains("cannot be rendered safely")
                .contains("details.source_ip is not an IPv4 or IPv6 address");
        List<Map<String, Object>> actions = actionsOfRun(run.get("run_id"));
        assertThat(actions).hasSize(3).allSatisfy(a -> {
            assertThat(a.get("status")).isEqualTo("skipped");
            assertThat(a.get("scheduled_at")).isNull();
        });
        assertThat(actions.get(1).get("has_command")).isEqualTo(false);
        assertThat((String) actions.get(1).get("config")).contains("render_error");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> intendedFor(run.get("run_id").toString()).isEmpty());
    }

    @Test
    void redeliveredFindingStartsOneRun() {
        String type = unique("redeliver");
        playbook(type, "", "{}", "[{\"action_type\":\"wifi_reload\"}]");
        Device device = Fixtures.device("ap-redeliver", "X", "active");
        FindingEvent event = sendFinding(device, type, "warning", "{}", false);
        publish(event);
        awaitOneRun(event.finding().id());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> runsOfFinding((int) event.finding().id()).size() == 1);
    }

    @Test
    void successReleasesNextStepAndFailureStopsTheRun() {
        String type = unique("seq");
        playbook(type, "", "{}", THREE_STEPS);
        Device device = Fixtures.device("ap-seq", "X", "active");
        FindingEvent event = sendFinding(device, type, "error", "{\"source_ip\":\"198.51.100.7\"}", false);
        Map<String, Object> run = awaitOneRun(event.finding().id());
        Object runId = run.get("run_id");

        JsonNode step1 = awaitIntended(runId, 1);
        assertThat(step1.get("action_type").asText()).isEqualTo("collect_diagnostics");
        assertThat(step1.get("finding_id").asLong()).isEqualTo(event.finding().id());
        assertThat(intendedFor(runId.toString())).hasSize(1);

        publish(Fixtures.result(step1, ActionStatus.SUCCEEDED, null));
        JsonNode step2 = awaitIntended(runId, 2);
        assertThat(step2.get("action_config").get("command").asText()).isEqualTo("ping -c 1 '198.51.100.7'");
        assertThat(step2.get("deadline").asText()).isNotBlank();

        publish(Fixtures.result(step1, ActionStatus.SUCCEEDED, null)); // redelivered: changes nothing
        publish(Fixtures.result(step2, ActionStatus.FAILED, "exit 1"));
        await().atMost(WAIT).until(() -> "failed".equals(runStatus(runId)));
        List<Map<String, Object>> actions = actionsOfRun(runId);
        assertThat(actions).extracting(a -> a.get("status")).containsExactly("succeeded", "failed", "skipped");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(8))
                .until(() -> intendedFor(runId.toString()).size() == 2);
        given().get("/api/v1/runs/" + runId).then().statusCode(200).body("status", is("failed"))
                .body("status_reason", containsString("step 2 failed"));
    }

    @Test
    void continueOnFailureGoesOnAndTheRunSucceeds() {
        String type = unique("cont");
        playbook(type, "", "{}", "[{\"action_type\":\"collect_diagnostics\",\"continue_on_failure\":true,"
                + "\"action_config\":{\"commands\":[\"iwinfo\"]}},{\"action_type\":\"wifi_reload\"}]");
        Device device = Fixtures.device("ap-cont", "X", "active");
        FindingEvent event = sendFinding(device, type, "error", "{}", false);
        Object runId = awaitOneRun(event.finding().id()).get("run_id");
        publish(Fixtures.result(awaitIntended(runId, 1), ActionStatus.TIMED_OUT, "timed out"));
        JsonNode step2 = awaitIntended(runId, 2);
        publish(Fixtures.result(step2, ActionStatus.SUCCEEDED, null));
        await().atMost(WAIT).until(() -> "succeeded".equals(runStatus(runId)));
    }

    @Test
    void approvalGatesAStepAndIsRecorded() {
        String type = unique("appr");
        playbook(type, "", "{}", "[{\"action_type\":\"block_ip\",\"requires_approval\":true,"
                + "\"action_config\":{\"ip\":\"{{details.source_ip:ip}}\"}},{\"action_type\":\"wifi_reload\",\"requires_approval\":true}]");
        Device device = Fixtures.device("ap-appr", "X", "active");
        FindingEvent event = sendFinding(device, type, "error", "{\"source_ip\":\"2001:db8::7\"}", false);
        Map<String, Object> run = awaitOneRun(event.finding().id());
        Object runId = run.get("run_id");
        assertThat(run.get("status")).isEqualTo("awaiting_approval");
        Map<String, Object> step1 = actionsOfRun(runId).get(0);
        assertThat(step1.get("status")).isEqualTo("awaiting_approval");
        assertThat(step1.get("scheduled_at")).isNull();
        int actionId = (Integer) step1.get("id");

        given().contentType(ContentType.JSON).body("{\"reason\":\"" + "x".repeat(4097) + "\"}")
                .post("/api/v1/intended-actions/" + actionId + "/approve").then().statusCode(400)
                .body("errors.field", hasItem("reason"));
        // Who approved is the token's subject (@TestSecurity user), never a name in the body.
        given().contentType(ContentType.JSON).body("{\"reason\":\"confirmed attack\"}")
                .post("/api/v1/intended-actions/" + actionId + "/approve").then().statusCode(200)
                .body("status", is("approved")).body("approved_by", is("test-admin"))
                .body("decision_reason", is("confirmed attack"));
        JsonNode released = awaitIntended(runId, 1);
        assertThat(released.get("action_config").get("command").asText())
                .contains("uci set 'firewall.@rule[-1].src_ip=2001:db8::7'");
        assertThat(actionsOfRun(runId).get(0).get("approved_at")).isNotNull();
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/intended-actions/" + actionId + "/approve").then().statusCode(409);

        publish(Fixtures.result(released, ActionStatus.SUCCEEDED, null));
        await().atMost(WAIT).until(() -> "awaiting_approval".equals(actionsOfRun(runId).get(1).get("status")));
        int second = (Integer) actionsOfRun(runId).get(1).get("id");
        given().contentType(ContentType.JSON).body("{\"reason\":\"too risky\"}")
                .post("/api/v1/intended-actions/" + second + "/reject").then().statusCode(200)
                .body("status", is("cancelled")).body("rejected_by", is("test-admin"));
        assertThat(runStatus(runId)).isEqualTo("cancelled");
        assertThat(intendedFor(runId.toString())).hasSize(1);
    }

    @Test
    void unansweredApprovalExpires() {
        String type = unique("expire");
        playbook(type, "", "{\"requires_approval\":true,\"approval_ttl_seconds\":1}",
                "[{\"action_type\":\"reboot\"},{\"action_type\":\"wifi_reload\"}]");
        Device device = Fixtures.device("ap-expire", "X", "active");
        FindingEvent event = sendFinding(device, type, "critical", "{}", false);
        Object runId = awaitOneRun(event.finding().id()).get("run_id");
        await().atMost(WAIT).until(() -> "cancelled".equals(runStatus(runId)));
        List<Map<String, Object>> actions = actionsOfRun(runId);
        assertThat(actions.get(0).get("status")).isEqualTo("cancelled");
        assertThat(actions.get(0).get("status_reason")).isEqualTo("approval expired");
        assertThat(actions.get(1).get("status")).isEqualTo("skipped");
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/intended-actions/" + actions.get(0).get("id") + "/approve").then().statusCode(409);
    }

    @Test
    void cooldownAndHourlyRateLimitSkipRuns() {
        String type = unique("cool");
        playbook(type, "", "{\"cooldown_seconds\":3600}", "[{\"action_type\":\"wifi_reload\"}]");
        Device device = Fixtures.device("ap-cool", "X", "active");
        FindingEvent first = sendFinding(device, type, "error", "{}", false);
        assertThat(awaitOneRun(first.finding().id()).get("status")).isEqualTo("running");
        FindingEvent second = sendFinding(device, type, "error", "{}", false);
        Map<String, Object> skipped = awaitOneRun(second.finding().id());
        assertThat(skipped.get("status")).isEqualTo("skipped");
        assertThat((String) skipped.get("status_reason")).startsWith("cooldown");

        String rated = unique("rate");
        playbook(rated, "", "{\"max_runs_per_device_per_hour\":2}", "[{\"action_type\":\"wifi_reload\"}]");
        Device busy = Fixtures.device("ap-rate", "X", "active");
        for (int i = 0; i < 2; i++) {
            FindingEvent ok = sendFinding(busy, rated, "error", "{}", false);
            assertThat(awaitOneRun(ok.finding().id()).get("status")).isEqualTo("running");
        }
        FindingEvent third = sendFinding(busy, rated, "error", "{}", false);
        Map<String, Object> limited = awaitOneRun(third.finding().id());
        assertThat(limited.get("status")).isEqualTo("skipped");
        assertThat((String) limited.get("status_reason")).startsWith("rate limit");
        assertThat(actionsOfRun(limited.get("run_id"))).isEmpty();
    }

    @Test
    void invalidFindingEventGoesToTheDeadLetterTopic() {
        String ceId = java.util.UUID.randomUUID().toString();
        Fixtures.publishRaw(Topics.FINDINGS, "1", CloudEvents.FINDING_CREATED_V1, ceId,
                "{\"id\":\"not-a-uuid\",\"type\":\"created\"}".getBytes());
        await().atMost(WAIT).until(() -> !Fixtures.dlqReasons(Topics.dlq(Topics.FINDINGS), ceId).isEmpty());
        assertThat(Fixtures.dlqReasons(Topics.dlq(Topics.FINDINGS), ceId).get(0)).contains("$.id: must be a valid uuid");
    }
}
