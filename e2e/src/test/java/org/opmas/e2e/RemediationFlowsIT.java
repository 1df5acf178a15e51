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
 * Router syslog → device-service (UDP/TCP) → opmas.device.logs → agent-service rule →
 * opmas.findings.detected → finding-service → opmas.findings → playbook-service run →
 * opmas.actions.intended → action-executor → SSH command on the router → opmas.actions.results →
 * run advanced and finding resolved — for four of the default detections and their default
 * playbooks, each hop asserted through the API an operator would use.
 */
class RemediationFlowsIT {

    @Test
    void sshBruteForceOverUdpEndsWithTheSourceIpBlockedInTheRoutersFirewall() {
        try (E2eRouter router = E2eRouter.register("bruteforce")) {
            String attacker = "198.51.100.23";
            router.sendSyslog(Transport.UDP, SyslogScenarios.sshBruteForce(router.hostname(), attacker, 6));

            JsonNode finding = Flow.awaitFinding(router, "ssh_brute_force");
            assertThat(finding.path("severity").asText()).isEqualTo("warning");
            assertThat(finding.path("details").path("source_ip").asText()).isEqualTo(attacker);
            assertThat(finding.path("description").asText()).contains(attacker);

            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            JsonNode block = actions.get(1);
            assertThat(actions.get(0).path("action_type").asText()).isEqualTo("collect_diagnostics");
            assertThat(command(actions.get(0))).contains("logread -l 100");
            assertThat(block.path("action_type").asText()).isEqualTo("block_ip");
            assertThat(block.path("requires_approval").asBoolean()).isTrue();
            assertThat(command(block)).contains("'firewall.@rule[-1].src_ip=" + attacker + "'");

            JsonNode[] done = diagnoseThenApproveRemediation(router, actions);

            assertThat(router.router().state().blockedIps()).containsExactly(attacker);
            Flow.assertResolvedByPlaybook(finding, done[1], 2);
        }
    }

    @Test
    void interfaceFlappingOverTcpEndsWithTheInterfaceRestarted() {
        try (E2eRouter router = E2eRouter.register("flapping")) {
            router.sendSyslog(Transport.TCP, SyslogScenarios.interfaceFlapping(router.hostname(), "wan", 3));

            JsonNode finding = Flow.awaitFinding(router, "interface_flapping");
            assertThat(finding.path("details").path("interface").asText()).isEqualTo("wan");

            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            assertThat(command(actions.get(0))).isEqualTo("ifstatus 'wan'");
            assertThat(actions.get(1).path("action_type").asText()).isEqualTo("interface_restart");
            assertThat(command(actions.get(1))).isEqualTo("ifup 'wan'");

            JsonNode[] done = diagnoseThenApproveRemediation(router, actions);

            assertThat(done[0].path("result").path("stdout").asText()).contains("\"device\": \"wan\"");
            assertThat(router.router().state().isInterfaceUp("wan")).isTrue();
            Flow.assertResolvedByPlaybook(finding, done[1], 2);
        }
    }

    @Test
    void wifiDriverCrashOverOctetCountedTcpEndsWithWifiReloaded() {
        try (E2eRouter router = E2eRouter.register("drivercrash")) {
            List<String> lines = new ArrayList<>(SyslogScenarios.driverCrash(router.hostname(), "phy0-ap0"));
            lines.addAll(SyslogScenarios.driverCrash(router.hostname(), "phy0-ap0"));
            router.sendSyslog(Transport.TCP_OCTET_COUNTED, lines);

            JsonNode finding = Flow.awaitFinding(router, "driver_crash");
            assertThat(finding.path("severity").asText()).isEqualTo("error");
            assertThat(finding.path("details").path("bus_id").asText()).isEqualTo("0000:01:00.0");

            List<JsonNode> actions = Flow.awaitActions(finding, 2);
            assertThat(command(actions.get(0))).contains("dmesg | tail -n 50", "iwinfo", "logread -l 100");
            assertThat(actions.get(1).path("action_type").asText()).isEqualTo("wifi_reload");
            assertThat(command(actions.get(1))).isEqualTo("wifi reload");

            JsonNode[] done = diagnoseThenApproveRemediation(router, actions);

            assertThat(router.router().state().wifiReloads()).isEqualTo(1);
            Flow.assertResolvedByPlaybook(finding, done[1], 2);
        }
    }

    @Test
    void outOfMemoryOverUdpCollectsDiagnosticsWithoutWaitingForApproval() {
        try (E2eRouter router = E2eRouter.register("oom")) {
            router.sendSyslog(Transport.UDP, SyslogScenarios.outOfMemory(router.hostname()));

            JsonNode finding = Flow.awaitFinding(router, "oom_kill");
            assertThat(finding.path("severity").asText()).isEqualTo("critical");
            assertThat(finding.path("details").path("process").asText()).isEqualTo("dnsmasq");

            JsonNode diagnostics = Flow.awaitActions(finding, 1).get(0);
            assertThat(diagnostics.path("action_type").asText()).isEqualTo("collect_diagnostics");
            assertThat(diagnostics.path("requires_approval").asBoolean()).isFalse();

            JsonNode done = Flow.awaitActionStatus(diagnostics, "succeeded");
            Flow.assertSucceededOnce(done);
            assertThat(Flow.absent(done.path("approved_by"))).isTrue();
            assertThat(router.commands()).containsExactly(command(diagnostics));
            assertThat(done.path("result").path("stdout").asText())
                    .contains("### free", "### top -b -n 1", "### logread -l 100", "Mem:");
            assertThat(Flow.awaitRunStatus(done, "succeeded").path("step_count").asInt()).isEqualTo(1);
            Flow.assertResolvedByPlaybook(finding, done, 1);
        }
    }

    /**
     * The default two-step playbooks: step 1 (diagnostics) runs on its own; step 2 (the remedy)
     * waits for approval, runs once approved, and the run succeeds. The router receives exactly the
     * two rendered commands, in order.
     */
    static JsonNode[] diagnoseThenApproveRemediation(E2eRouter router, List<JsonNode> actions) {
        JsonNode diagnose = actions.get(0);
        JsonNode remedy = actions.get(1);
        assertThat(diagnose.path("requires_approval").asBoolean()).isFalse();
        assertThat(remedy.path("requires_approval").asBoolean()).isTrue();

        JsonNode diagnosed = Flow.awaitActionStatus(diagnose, "succeeded");
        Flow.assertSucceededOnce(diagnosed);
        JsonNode waiting = Flow.awaitActionStatus(remedy, "awaiting_approval");
        assertThat(router.commands()).containsExactly(command(diagnose));

        JsonNode approved = Flow.approve(waiting);
        assertThat(approved.path("approved_by").asText()).isEqualTo(E2eStack.SUBJECT);

        JsonNode remedied = Flow.awaitActionStatus(remedy, "succeeded");
        Flow.assertSucceededOnce(remedied);
        assertThat(router.commands()).containsExactly(command(diagnose), command(remedy));
        assertThat(Flow.awaitRunStatus(remedied, "succeeded").path("step_count").asInt()).isEqualTo(2);
        return new JsonNode[] {diagnosed, remedied};
    }
}
