package org.opmas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.e2e.Flow.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.SyslogScenarios;
import org.opmas.e2e.RouterSyslog.Transport;

/**
 * Log lines are attacker-controlled (anyone who can reach dropbear chooses the user name, and a
 * forged syslog line can say anything). Shell metacharacters in them must never reach a router
 * unquoted: the rule does not capture them as an address, a value that is not an address cannot be
 * rendered, and whatever is rendered is a validated, single-quoted IP.
 */
class HostileLogContentIT {

    private static final List<String> HOSTILE_SOURCES = List.of(
            "198.51.100.66;reboot", "198.51.100.66`reboot`", "$(reboot)", "198.51.100.66|reboot", "198.51.100.66&&reboot");

    @Test
    void metacharactersInTheSourceOrUserNeverReachTheRouterUnquoted() {
        try (E2eRouter router = E2eRouter.register("hostile")) {
            String attacker = "198.51.100.77";
            List<String> lines = new ArrayList<>();
            for (String source : HOSTILE_SOURCES) {
                lines.addAll(SyslogScenarios.sshBruteForce(router.hostname(), source, 6));
            }
            // A valid source with a hostile user name: the IP is blocked, the user text goes nowhere near a shell.
            for (int i = 0; i < 6; i++) {
                lines.add(SyslogScenarios.line(SyslogScenarios.AUTHPRIV_WARNING, router.hostname(), "dropbear[" + (3100 + i) + "]",
                        "Bad password attempt for '$(reboot);`reboot`|reboot' from " + attacker + ":" + (41000 + i)));
            }
            // One TCP connection keeps the order: when the valid one is detected, the hostile ones were evaluated.
            router.sendSyslog(Transport.TCP, lines);

            JsonNode finding = Flow.awaitFinding(router, "ssh_brute_force");
            assertThat(finding.path("details").path("source_ip").asText()).isEqualTo(attacker);
            assertThat(finding.path("details").path("user").asText()).contains("$(reboot)");

            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            assertThat(command(actions.get(1))).contains("'firewall.@rule[-1].src_ip=" + attacker + "'");
            RemediationFlowsIT.diagnoseThenApproveRemediation(router, actions);

            assertThat(router.router().state().blockedIps()).containsExactly(attacker);
            assertThat(router.router().state().reboots()).isZero();
            // Every hostile payload carries "reboot" or a backtick; OPMAS's own uci guard legitimately uses
            // $(uci -q changes ...), so "$(" alone would not tell them apart.
            assertThat(router.commands()).noneMatch(c -> c.contains("reboot") || c.contains("`"));
            assertThat(Flow.findings(router.deviceId(), "ssh_brute_force")).hasSize(1);
        }
    }

    @Test
    void aCapturedSourceThatIsNotAnAddressFailsTheRunAndNothingIsSent() {
        try (E2eRouter router = E2eRouter.register("not-an-ip")) {
            // Hex digits and dots pass the rule's character class but are no IP address.
            router.sendSyslog(Transport.UDP, SyslogScenarios.sshBruteForce(router.hostname(), "dead.beef.cafe", 6));

            JsonNode finding = Flow.awaitFinding(router, "ssh_brute_force");
            assertThat(finding.path("details").path("source_ip").asText()).isEqualTo("dead.beef.cafe");

            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            JsonNode run = Flow.awaitRunStatus(actions.get(0), "failed");
            assertThat(run.path("status_reason").asText()).contains("cannot be rendered safely");
            for (JsonNode action : actions) {
                assertThat(Flow.action(action.path("id").asLong()).path("status").asText()).isEqualTo("skipped");
            }
            // Skipped at planning, so nothing was ever published for the executor.
            assertThat(router.commands()).isEmpty();
        }
    }
}
