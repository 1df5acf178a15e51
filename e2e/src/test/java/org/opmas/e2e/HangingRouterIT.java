package org.opmas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.e2e.Flow.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.SyslogScenarios;
import org.opmas.e2e.RouterSyslog.Transport;

/**
 * A router that accepts the SSH command and never answers: its action is closed as timed_out after
 * the step timeout (the finding records the outcome and stays open), and another router's flow in
 * the same period completes meanwhile — one hung router holds one executor worker, nothing else.
 */
class HangingRouterIT {

    /** Long enough for the other router's whole flow to finish while the hung command is still open. */
    private static final int STEP_TIMEOUT_SECONDS = 20;

    @Test
    void aHungRoutersActionTimesOutWhileAnotherRoutersFlowCompletes() {
        String hostnames = "e2e-fs-";
        JsonNode playbook = OpmasApi.post(E2eStack.PLAYBOOK_SERVICE, "/api/v1/playbooks", Map.of(
                "name", "e2e-flash-diagnostics-" + System.nanoTime(),
                "description", "End-to-end suite: flash diagnostics with a short step timeout",
                "trigger_type", "finding",
                "trigger_conditions", Map.of("finding_type", "filesystem_error", "device", Map.of("hostname", hostnames + "*")),
                "is_active", true,
                "policy", Map.of(),
                "steps", List.of(Map.of("step_number", 1, "name", "flash usage", "action_type", "collect_diagnostics",
                        "action_config", Map.of("commands", List.of("df -h")),
                        "timeout_seconds", STEP_TIMEOUT_SECONDS, "retry_count", 0))));
        assertThat(playbook.path("id").asInt()).isPositive();

        try (E2eRouter hung = E2eRouter.register("fs-hung"); E2eRouter steady = E2eRouter.register("fs-steady")) {
            assertThat(hung.hostname()).startsWith(hostnames);
            hung.router().hang(true);
            hung.sendSyslog(Transport.UDP, List.of(flashError(hung)));
            JsonNode hungFinding = Flow.awaitFinding(hung, "filesystem_error");
            JsonNode hungAction = Flow.awaitActions(hungFinding, 1).get(0);
            assertThat(hungAction.path("timeout_seconds").asInt()).isEqualTo(STEP_TIMEOUT_SECONDS);
            JsonNode running = Flow.awaitActionStatus(hungAction, "running");
            Flow.waitUpTo(Flow.HOP).until(() -> hung.commands().size() == 1);

            // The other router's flow runs start to finish while the hung command is still open.
            steady.sendSyslog(Transport.UDP, List.of(flashError(steady)));
            JsonNode steadyFinding = Flow.awaitFinding(steady, "filesystem_error");
            JsonNode steadyAction = Flow.awaitActionStatus(Flow.awaitActions(steadyFinding, 1).get(0), "succeeded");
            Flow.assertSucceededOnce(steadyAction);
            assertThat(steady.commands()).containsExactly(command(steadyAction));
            Flow.assertResolvedByPlaybook(steadyFinding, steadyAction, 1);
            assertThat(Flow.action(hungAction.path("id").asLong()).path("status").asText())
                    .as("the hung action while the other flow completed").isEqualTo("running");

            // The hung one times out: closed once, not retried, recorded on its finding, which stays open.
            JsonNode timedOut = Flow.awaitActionStatus(hungAction, "timed_out",
                    Duration.ofSeconds(STEP_TIMEOUT_SECONDS).plus(Flow.HOP));
            assertThat(Flow.absent(timedOut.path("result").path("exit_code"))).isTrue();
            assertThat(timedOut.path("result").path("error").asText()).isNotBlank();
            Duration ran = Duration.between(Instant.parse(running.path("started_at").asText()),
                    Instant.parse(timedOut.path("executed_at").asText()));
            assertThat(ran).isGreaterThanOrEqualTo(Duration.ofSeconds(STEP_TIMEOUT_SECONDS));
            assertThat(Instant.parse(steadyAction.path("executed_at").asText()))
                    .isBefore(Instant.parse(timedOut.path("executed_at").asText()));
            assertThat(hung.commands()).containsExactly(command(hungAction));
            assertThat(Flow.awaitRunStatus(timedOut, "failed").path("status_reason").asText()).isNotBlank();

            JsonNode recorded = Flow.waitUpTo(Flow.HOP).alias("timed_out recorded on the finding")
                    .until(() -> Flow.finding(hungFinding.path("id").asLong()),
                            f -> f.path("actions_count").asInt() == 1);
            assertThat(recorded.path("last_action_status").asText()).isEqualTo("timed_out");
            assertThat(recorded.path("status").asText()).isEqualTo("new");
            assertThat(Flow.absent(recorded.path("resolved_at"))).isTrue();
        }
    }

    private static String flashError(E2eRouter router) {
        return SyslogScenarios.line(SyslogScenarios.KERN_ERR, router.hostname(), "kernel",
                "[ 4711.123456] UBIFS error (ubi0:1 pid 1187): ubifs_read_node: bad node type (255 but expected 1)");
    }
}
