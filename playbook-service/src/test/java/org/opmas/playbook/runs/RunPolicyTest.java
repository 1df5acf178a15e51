package org.opmas.playbook.runs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.opmas.playbook.support.Fixtures.actionsOfRun;
import static org.opmas.playbook.support.Fixtures.createPlaybook;
import static org.opmas.playbook.support.Fixtures.intendedFor;
import static org.opmas.playbook.support.Fixtures.publish;
import static org.opmas.playbook.support.Fixtures.query;
import static org.opmas.playbook.support.Fixtures.runsOfFinding;
import static org.opmas.playbook.support.Fixtures.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opmas.common.config.RuntimeSettings;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.playbook.runs.service.StepReleaser;
import org.opmas.playbook.support.Fixtures;
import org.opmas.playbook.support.Fixtures.Device;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.Severity;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * Per-playbook policies end to end: dry-run, and the approval TTL from opmas_config with its per-playbook
 * override. (Approving after expiry → 409: PlanningAndSequencingTest.unansweredApprovalExpires.)
 */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class RunPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RuntimeSettings settings;

    private static void playbook(String findingType, String policy, String steps) {
        createPlaybook("{\"name\":\"" + unique("policy") + "\",\"trigger_type\":\"finding\","
                + "\"trigger_conditions\":{\"finding_type\":\"" + findingType + "\"},"
                + "\"policy\":" + policy + ",\"steps\":" + steps + "}");
    }

    private static Object runOf(Device device, String type, String details) {
        Fixtures.FindingRef ref = Fixtures.finding(device.id(), type, "error", details);
        FindingEvent event = Fixtures.findingEvent(ref, device.id(), type, Severity.ERROR, details, false);
        publish(event);
        await().atMost(WAIT).until(() -> runsOfFinding(ref.id()).size() == 1);
        return runsOfFinding(ref.id()).get(0).get("run_id");
    }

    private static JsonNode awaitIntended(Object runId, int step) {
        await().atMost(WAIT).until(() -> intendedFor(runId.toString()).stream()
                .anyMatch(e -> e.get("step_number").asInt() == step));
        return intendedFor(runId.toString()).stream().filter(e -> e.get("step_number").asInt() == step).findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> run(Object runId) {
        return query("SELECT status, status_reason, dry_run FROM playbook_runs WHERE run_id = ?::uuid", runId.toString())
                .get(0);
    }

    private static final String TWO_STEPS = "[{\"action_type\":\"collect_diagnostics\",\"action_config\":{\"commands\":[\"free\"]}},"
            + "{\"action_type\":\"block_ip\",\"action_config\":{\"ip\":\"{{details.source_ip}}\"}}]";

    @Test
    void dryRunPlaybookPlansEveryStepAsDryRunAndSaysSoOnTheTopic() {
        String dryType = unique("dry");
        playbook(dryType, "{\"dry_run\":true}", TWO_STEPS);
        String liveType = unique("live");
        playbook(liveType, "{}", TWO_STEPS);
        Device device = Fixtures.device("ap-dry", "X", "active");

        Object dryRun = runOf(device, dryType, "{\"source_ip\":\"198.51.100.9\"}");
        assertThat(run(dryRun).get("dry_run")).isEqualTo(true);
        assertThat(query("SELECT dry_run FROM intended_actions WHERE run_id = ?::uuid ORDER BY step_number", dryRun.toString()))
                .extracting(r -> r.get("dry_run")).containsExactly(true, true);
        JsonNode step1 = awaitIntended(dryRun, 1);
        assertThat(step1.get("dry_run").asBoolean()).isTrue();
        assertThat(step1.get("action_config").get("command").asText()).contains("echo '### free'");
        // a dry-run step still sequences: its (dry-run) success releases step 2, rendered in full and also dry-run
        publish(Fixtures.result(step1, ActionStatus.SUCCEEDED, null));
        JsonNode step2 = awaitIntended(dryRun, 2);
        assertThat(step2.get("dry_run").asBoolean()).isTrue();
        assertThat(step2.get("action_config").get("command").asText()).contains("198.51.100.9");
        given().get("/api/v1/runs/" + dryRun).then().statusCode(200).body("dry_run", is(true))
                .body("steps[0].dry_run", is(true)).body("steps[1].dry_run", is(true));

        Object liveRun = runOf(device, liveType, "{\"source_ip\":\"198.51.100.9\"}");
        assertThat(run(liveRun).get("dry_run")).isEqualTo(false);
        assertThat(awaitIntended(liveRun, 1).get("dry_run").asBoolean()).as("a playbook without the policy").isFalse();
    }

    @Test
    void approvalTtlComesFromOpmasConfigAndAPlaybookOverridesIt() {
        List<Map<String, Object>> previous = query("SELECT value::text AS value FROM opmas_config WHERE key = ?",
                StepReleaser.APPROVAL_TTL_KEY);
        try {
            setGlobalTtl("2");
            await().atMost(WAIT).until(() -> settings.getLong(StepReleaser.APPROVAL_TTL_KEY, -1) == 2);
            double expiredBefore = approvalsExpiredMetric();

            String globalType = unique("gttl");
            playbook(globalType, "{\"requires_approval\":true}", "[{\"action_type\":\"reboot\"},{\"action_type\":\"wifi_reload\"}]");
            String overrideType = unique("ottl");
            playbook(overrideType, "{\"requires_approval\":true,\"approval_ttl_seconds\":3600}", "[{\"action_type\":\"reboot\"}]");
            Device device = Fixtures.device("ap-ttl", "X", "active");

            Object global = runOf(device, globalType, "{}");
            Object override = runOf(device, overrideType, "{}");
            assertThat(ttlSeconds(global)).as("TTL from opmas_config").isBetween(1.0, 3.0);
            assertThat(ttlSeconds(override)).as("the playbook's own TTL wins").isBetween(3599.0, 3601.0);

            await().atMost(WAIT).until(() -> "cancelled".equals(run(global).get("status")));
            assertThat(run(global).get("status_reason")).isEqualTo("approval expired");
            List<Map<String, Object>> steps = actionsOfRun(global);
            assertThat(steps.get(0).get("status")).isEqualTo("cancelled");
            assertThat(steps.get(0).get("status_reason")).isEqualTo("approval expired");
            assertThat(steps.get(1).get("status")).isEqualTo("skipped");
            assertThat(approvalsExpiredMetric()).isGreaterThanOrEqualTo(expiredBefore + 1);
            assertThat(intendedFor(global.toString())).as("an expired request never reaches the executor").isEmpty();

            // Well past the global TTL the overriding playbook's request is still open.
            assertThat(run(override).get("status")).isEqualTo("awaiting_approval");
            assertThat(actionsOfRun(override).get(0).get("status")).isEqualTo("awaiting_approval");

            // An out-of-range setting (here 0, which would expire every request at once) is ignored.
            setGlobalTtl("0");
            await().atMost(WAIT).until(() -> settings.getLong(StepReleaser.APPROVAL_TTL_KEY, -1) == 0);
            Object guarded = runOf(device, globalType, "{}");
            assertThat(ttlSeconds(guarded)).as("the application default instead").isBetween(3599.0, 3601.0);
            assertThat(run(guarded).get("status")).isEqualTo("awaiting_approval");
        } finally {
            if (previous.isEmpty()) {
                Fixtures.execute("DELETE FROM opmas_config WHERE key = ?", StepReleaser.APPROVAL_TTL_KEY);
            } else {
                setGlobalTtl((String) previous.get(0).get("value"));
            }
            await().atMost(WAIT).until(() -> {
                long now = settings.getLong(StepReleaser.APPROVAL_TTL_KEY, -1);
                return now != 2 && now != 0;
            });
        }
    }

    private static void setGlobalTtl(String json) {
        Fixtures.execute("INSERT INTO opmas_config (key, value, description) VALUES (?, ?::jsonb, 'test')"
                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", StepReleaser.APPROVAL_TTL_KEY, json);
    }

    /** approval_expires_at minus the moment the step was released (the row's creation), in seconds. */
    private static double ttlSeconds(Object runId) {
        Object v = query("SELECT EXTRACT(EPOCH FROM (approval_expires_at - created_at))::float8 AS ttl FROM intended_actions"
                + " WHERE run_id = ?::uuid AND step_number = 1", runId.toString()).get(0).get("ttl");
        return ((Number) v).doubleValue();
    }

    private static double approvalsExpiredMetric() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("opmas_playbook_approvals_total{") && l.contains("decision=\"expired\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
