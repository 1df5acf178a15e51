package org.opmas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.e2e.Flow.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.SyslogScenarios;
import org.opmas.e2e.RouterSyslog.Transport;

/**
 * A remediation that requires approval (the default block-IP step) waits in awaiting_approval, and
 * nothing of it reaches the router until an operator approves it through the API; a rejected one
 * never does.
 */
class ApprovalPathIT {

    private static final Duration WHILE_WAITING = Duration.ofSeconds(3);

    @Test
    void theRemediationWaitsForApprovalAndRunsOnlyOnceApproved() {
        try (E2eRouter router = E2eRouter.register("approve")) {
            String attacker = "203.0.113.41";
            router.sendSyslog(Transport.TCP, SyslogScenarios.sshBruteForce(router.hostname(), attacker, 5));
            JsonNode finding = Flow.awaitFinding(router, "ssh_brute_force");
            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            JsonNode diagnose = Flow.awaitActionStatus(actions.get(0), "succeeded");
            JsonNode waiting = Flow.awaitActionStatus(actions.get(1), "awaiting_approval");

            // Waiting is a state of its own: not scheduled (the executor's claim never takes it), with an expiry.
            assertThat(Flow.absent(waiting.path("scheduled_at"))).isTrue();
            assertThat(Instant.parse(waiting.path("approval_expires_at").asText())).isAfter(Instant.now());
            JsonNode run = Flow.run(waiting);
            assertThat(run.path("status").asText()).isEqualTo("awaiting_approval");
            assertThat(run.path("current_step").asInt()).isEqualTo(2);

            // Nothing reaches the router while it waits.
            await().during(WHILE_WAITING).atMost(WHILE_WAITING.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> router.commands().size() == 1
                            && "awaiting_approval".equals(Flow.action(waiting.path("id").asLong()).path("status").asText()));
            assertThat(router.commands()).containsExactly(command(diagnose));
            assertThat(router.router().state().blockedIps()).isEmpty();

            JsonNode approved = Flow.approve(waiting);
            assertThat(approved.path("approved_by").asText()).isEqualTo(E2eStack.SUBJECT);
            assertThat(Flow.absent(approved.path("approved_at"))).isFalse();

            JsonNode blocked = Flow.awaitActionStatus(waiting, "succeeded");
            Flow.assertSucceededOnce(blocked);
            assertThat(router.commands()).containsExactly(command(diagnose), command(blocked));
            assertThat(router.router().state().blockedIps()).containsExactly(attacker);
            assertThat(Flow.awaitRunStatus(blocked, "succeeded").path("current_step").asInt()).isEqualTo(2);

            // An approval is a one-time decision.
            assertThat(decide(blocked, "approve").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void aRejectedRemediationNeverReachesTheRouter() {
        try (E2eRouter router = E2eRouter.register("reject")) {
            String attacker = "203.0.113.42";
            router.sendSyslog(Transport.UDP, SyslogScenarios.sshBruteForce(router.hostname(), attacker, 5));
            JsonNode finding = Flow.awaitFinding(router, "ssh_brute_force");
            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            JsonNode diagnose = Flow.awaitActionStatus(actions.get(0), "succeeded");
            JsonNode waiting = Flow.awaitActionStatus(actions.get(1), "awaiting_approval");

            Response rejected = decide(waiting, "reject");
            assertThat(rejected.statusCode()).isEqualTo(200);
            JsonNode cancelled = OpmasApi.parse(rejected.asString());
            assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.path("rejected_by").asText()).isEqualTo(E2eStack.SUBJECT);
            assertThat(cancelled.path("decision_reason").asText()).isEqualTo("reject by the end-to-end suite");

            JsonNode run = Flow.awaitRunStatus(cancelled, "cancelled");
            assertThat(Flow.absent(run.path("finished_at"))).isFalse();
            // A cancelled action is final: it is never published, so the router only ever saw step 1.
            assertThat(Flow.action(cancelled.path("id").asLong()).path("status").asText()).isEqualTo("cancelled");
            assertThat(router.commands()).containsExactly(command(diagnose));
            assertThat(router.router().state().blockedIps()).isEmpty();
            assertThat(decide(cancelled, "approve").statusCode()).isEqualTo(409);
        }
    }

    private static Response decide(JsonNode action, String decision) {
        return OpmasApi.postForResponse(E2eStack.PLAYBOOK_SERVICE,
                "/api/v1/intended-actions/" + action.path("id").asLong() + "/" + decision,
                Map.of("reason", decision + " by the end-to-end suite"));
    }
}
