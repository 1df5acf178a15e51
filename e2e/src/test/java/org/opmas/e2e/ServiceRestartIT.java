package org.opmas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.e2e.Flow.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opmas.devkit.simulator.SyslogScenarios;
import org.opmas.e2e.RouterSyslog.Transport;

/**
 * Services restarted mid-flow (SIGTERM, as a rolling update or a node drain does): agent-service
 * while a brute force is half-way through its window, then action-executor while actions are
 * queued. Nothing is lost and nothing runs twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceRestartIT {

    @Test
    @Order(1)
    void linesSentJustBeforeAndWhileAgentServiceIsDownAreStillDetectedOnce() {
        try (E2eRouter router = E2eRouter.register("agent-restart")) {
            String attacker = "192.0.2.77";
            List<String> lines = SyslogScenarios.sshBruteForce(router.hostname(), attacker, 6);

            router.sendSyslog(Transport.TCP, lines.subList(0, 3));
            E2eStack.stop(E2eStack.AGENT_SERVICE);
            try {
                // device-service keeps accepting: the lines wait in opmas.device.logs.
                router.sendSyslog(Transport.TCP, lines.subList(3, 6));
                assertThat(Flow.findings(router.deviceId(), "ssh_brute_force")).isEmpty();
            } finally {
                E2eStack.start(E2eStack.AGENT_SERVICE);
            }

            // Three failures before the stop and three after add up in one window: detected once.
            JsonNode finding = Flow.awaitFinding(router, "ssh_brute_force");
            assertThat(finding.path("details").path("source_ip").asText()).isEqualTo(attacker);
            assertThat(finding.path("occurrence_count").asInt()).isEqualTo(1);

            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            RemediationFlowsIT.diagnoseThenApproveRemediation(router, actions);
            assertThat(router.router().state().blockedIps()).containsExactly(attacker);
            assertThat(Flow.findings(router.deviceId(), "ssh_brute_force")).hasSize(1);
        }
    }

    @Test
    @Order(2)
    void actionsQueuedAcrossAnActionExecutorRestartRunExactlyOnce() {
        try (E2eRouter queuedInExecutor = E2eRouter.register("exec-queued");
             E2eRouter queuedInKafka = E2eRouter.register("exec-down")) {
            // Paused, the executor stores what it consumes in its durable queue and runs nothing.
            setExecutorEnabled(false);
            try {
                queuedInExecutor.sendSyslog(Transport.UDP, SyslogScenarios.outOfMemory(queuedInExecutor.hostname()));
                JsonNode first = Flow.awaitActions(Flow.awaitFinding(queuedInExecutor, "oom_kill"), 1).get(0);
                Flow.waitUpTo(Flow.HOP).alias("action " + first.path("id") + " in the executor's durable queue")
                        .until(() -> executorStatus().path("queued_durable").asLong() >= 1);
                assertThat(Flow.action(first.path("id").asLong()).path("status").asText()).isEqualTo("pending");

                E2eStack.stop(E2eStack.ACTION_EXECUTOR);
                JsonNode second;
                try {
                    // Published while the executor is down: it waits in opmas.actions.intended.
                    queuedInKafka.sendSyslog(Transport.UDP, SyslogScenarios.outOfMemory(queuedInKafka.hostname()));
                    second = Flow.awaitActions(Flow.awaitFinding(queuedInKafka, "oom_kill"), 1).get(0);
                } finally {
                    E2eStack.start(E2eStack.ACTION_EXECUTOR);
                }

                // Back up and still paused (the kill switch is stored, not in memory): both wait, nothing is sent.
                assertThat(executorStatus().path("paused").asBoolean()).isTrue();
                Flow.waitUpTo(Flow.HOP).alias("both actions in the executor's durable queue after the restart")
                        .until(() -> executorStatus().path("queued_durable").asLong() >= 2);
                assertThat(queuedInExecutor.commands()).isEmpty();
                assertThat(queuedInKafka.commands()).isEmpty();

                setExecutorEnabled(true);
                for (var pair : List.of(Map.entry(queuedInExecutor, first), Map.entry(queuedInKafka, second))) {
                    JsonNode done = Flow.awaitActionStatus(pair.getValue(), "succeeded");
                    Flow.assertSucceededOnce(done);
                    assertThat(pair.getKey().commands()).containsExactly(command(done));
                    Flow.assertResolvedByPlaybook(Flow.findings(pair.getKey().deviceId(), "oom_kill").get(0), done, 1);
                }
                // A redelivered event or a second dispatch after the restart must not run it again.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8))
                        .until(() -> queuedInExecutor.commands().size() == 1 && queuedInKafka.commands().size() == 1);
                assertThat(executorStatus().path("queued_durable").asLong()).isZero();
            } finally {
                setExecutorEnabled(true);
            }
        }
    }

    private static JsonNode executorStatus() {
        return OpmasApi.get(E2eStack.ACTION_EXECUTOR, "/api/v1/executor");
    }

    private static void setExecutorEnabled(boolean enabled) {
        JsonNode status = OpmasApi.post(E2eStack.ACTION_EXECUTOR, "/api/v1/executor/" + (enabled ? "resume" : "pause"), Map.of());
        assertThat(status.path("enabled").asBoolean()).isEqualTo(enabled);
    }
}
