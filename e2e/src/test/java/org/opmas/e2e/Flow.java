package org.opmas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.core.ConditionFactory;

/**
 * The hops of the OPMAS flow as an operator sees them through the APIs: findings
 * (finding-service), runs and intended actions (playbook-service), executions (action-executor).
 * Every wait polls the API until the expected state, so a hop that never happens fails with what
 * the API showed last.
 */
final class Flow {

    /** Generous for one hop on a loaded 2-core CI machine; a healthy hop takes well under a second. */
    static final Duration HOP = Duration.ofSeconds(60);
    static final Set<String> FINISHED_ACTION = Set.of("succeeded", "failed", "timed_out", "cancelled", "skipped");

    private Flow() {
    }

    static ConditionFactory waitUpTo(Duration atMost) {
        return await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200));
    }

    // ---- findings (finding-service) ----

    static List<JsonNode> findings(long deviceId, String findingType) {
        JsonNode page = OpmasApi.get(E2eStack.FINDING_SERVICE, "/api/v1/findings", Map.of(
                "device_id", deviceId, "finding_type", findingType, "sort", "created_at,asc", "size", 50));
        return list(page.path("items"));
    }

    /** Waits for the first finding of this type on the router's device; there must be exactly one. */
    static JsonNode awaitFinding(E2eRouter router, String findingType) {
        List<JsonNode> found = waitUpTo(HOP).alias(findingType + " finding on " + router.hostname())
                .until(() -> findings(router.deviceId(), findingType), list -> !list.isEmpty());
        assertThat(found).as("findings of type %s on %s", findingType, router.hostname()).hasSize(1);
        JsonNode finding = found.get(0);
        assertThat(finding.path("device_id").asLong()).isEqualTo(router.deviceId());
        assertThat(finding.path("finding_type").asText()).isEqualTo(findingType);
        return finding;
    }

    static JsonNode finding(long id) {
        return OpmasApi.get(E2eStack.FINDING_SERVICE, "/api/v1/findings/" + id);
    }

    static JsonNode awaitFindingStatus(JsonNode finding, String status) {
        long id = finding.path("id").asLong();
        return waitUpTo(HOP).alias("finding " + id + " " + status)
                .until(() -> finding(id), f -> status.equals(f.path("status").asText()));
    }

    /**
     * The finding is resolved by the playbook whose run handled it, with a reason naming that
     * playbook and run, and it records every one of the run's action outcomes.
     */
    static JsonNode assertResolvedByPlaybook(JsonNode finding, JsonNode lastAction, int actions) {
        long id = finding.path("id").asLong();
        String playbook = lastAction.path("playbook_id").asText();
        String run = lastAction.path("run_id").asText();
        JsonNode resolved = waitUpTo(HOP).alias("finding " + id + " resolved with " + actions + " action outcomes")
                .until(() -> finding(id), f -> "resolved".equals(f.path("status").asText())
                        && f.path("actions_count").asInt() == actions);
        assertThat(resolved.path("resolved_by").asText()).isEqualTo("playbook:" + playbook);
        assertThat(resolved.path("resolution_reason").asText())
                .startsWith("playbook " + playbook + " run " + run + " step ")
                .endsWith("succeeded");
        assertThat(absent(resolved.path("resolved_at"))).isFalse();
        assertThat(resolved.path("last_action_status").asText()).isEqualTo(lastAction.path("status").asText());
        return resolved;
    }

    // ---- runs and intended actions (playbook-service) ----

    static List<JsonNode> actionsOf(long findingId) {
        JsonNode page = OpmasApi.get(E2eStack.PLAYBOOK_SERVICE, "/api/v1/intended-actions",
                Map.of("finding_id", findingId, "sort", "step_number,asc", "size", 50));
        return list(page.path("items"));
    }

    /** Waits until the finding's run has planned its steps; exactly {@code steps} actions, ordered by step. */
    static List<JsonNode> awaitActions(JsonNode finding, int steps) {
        long findingId = finding.path("id").asLong();
        List<JsonNode> actions = waitUpTo(HOP).alias(steps + " intended actions of finding " + findingId)
                .until(() -> actionsOf(findingId), list -> list.size() >= steps);
        assertThat(actions).as("intended actions of finding %d", findingId).hasSize(steps);
        for (int i = 0; i < steps; i++) {
            assertThat(actions.get(i).path("step_number").asInt()).isEqualTo(i + 1);
            assertThat(actions.get(i).path("run_id").asText()).isEqualTo(actions.get(0).path("run_id").asText());
        }
        return actions;
    }

    static JsonNode action(long id) {
        return OpmasApi.get(E2eStack.PLAYBOOK_SERVICE, "/api/v1/intended-actions/" + id);
    }

    static JsonNode awaitActionStatus(JsonNode action, String status) {
        return awaitActionStatus(action, status, HOP);
    }

    /** Waits for the status; fails at once if the action finished in another one. */
    static JsonNode awaitActionStatus(JsonNode action, String status, Duration atMost) {
        long id = action.path("id").asLong();
        JsonNode reached = waitUpTo(atMost).alias("action " + id + " " + status)
                .until(() -> action(id), a -> status.equals(a.path("status").asText())
                        || FINISHED_ACTION.contains(a.path("status").asText()));
        assertThat(reached.path("status").asText()).as("status of action %d (%s)", id, reached).isEqualTo(status);
        return reached;
    }

    static JsonNode run(JsonNode action) {
        return OpmasApi.get(E2eStack.PLAYBOOK_SERVICE, "/api/v1/runs/" + action.path("run_id").asText());
    }

    static JsonNode awaitRunStatus(JsonNode action, String status) {
        String runId = action.path("run_id").asText();
        return waitUpTo(HOP).alias("run " + runId + " " + status)
                .until(() -> run(action), r -> status.equals(r.path("status").asText()));
    }

    static JsonNode approve(JsonNode action) {
        // "by" is what the API took before authentication; with JWT the token's subject is recorded.
        return OpmasApi.post(E2eStack.PLAYBOOK_SERVICE, "/api/v1/intended-actions/" + action.path("id").asLong() + "/approve",
                Map.of("reason", "approved by the end-to-end suite"));
    }

    /** The exact POSIX sh text playbook-service rendered for the router. */
    static String command(JsonNode action) {
        String command = action.path("action_config").path("command").asText(null);
        assertThat(command).as("rendered command of action %s", action.path("id")).isNotBlank();
        return command;
    }

    // ---- executions (action-executor) ----

    static JsonNode execution(JsonNode action) {
        return OpmasApi.get(E2eStack.ACTION_EXECUTOR, "/api/v1/executions/" + action.path("id").asLong());
    }

    /**
     * The action ran once on the router and exited 0: the result the executor recorded names the
     * exact command, and the executor's own view agrees.
     */
    static void assertSucceededOnce(JsonNode action) {
        JsonNode result = action.path("result");
        assertThat(action.path("status").asText()).isEqualTo("succeeded");
        assertThat(result.path("exit_code").asInt(-1)).as("exit code of %s", result).isZero();
        assertThat(result.path("command").asText()).isEqualTo(command(action));
        assertThat(result.path("dry_run").asBoolean()).isFalse();
        assertThat(action.path("attempts").asInt()).isEqualTo(1);
        assertThat(absent(action.path("executed_at"))).isFalse();
        JsonNode execution = execution(action);
        assertThat(execution.path("status").asText()).isEqualTo("succeeded");
        assertThat(execution.path("exit_code").asInt(-1)).isZero();
        assertThat(execution.path("command").asText()).isEqualTo(command(action));
        assertThat(execution.path("attempts").asInt()).isEqualTo(1);
    }

    /** Null or left out (the services write JSON null or omit the field; both mean "no value"). */
    static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
