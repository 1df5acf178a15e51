package org.opmas.devkit.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.opmas.devkit.simulator.RouterCommands;
import org.opmas.devkit.simulator.SyslogScenarios;

/**
 * One thing that goes wrong on one simulated router: the syslog lines it sends, the finding OPMAS
 * should open for it (the default rules of V20.1 and playbooks of V40.2), and what to show of the
 * router afterwards so the viewer sees the remedy landed.
 *
 * @param router index of the router in the demo's fleet (0-based)
 */
record DemoScenario(String title, int router, String findingType,
                    Function<String, List<String>> lines, Function<RouterCommands, String> routerState) {

    /** WAN interface the flapping scenario uses; interface_restart brings it back up. */
    static final String FLAPPING_INTERFACE = "wan";
    static final String WIFI_INTERFACE = "phy0-ap0";

    List<String> linesFor(String hostname) {
        return lines.apply(hostname);
    }

    /**
     * The demo's storyline, in playing order. The SSH brute force comes first: it is the flow a
     * newcomer came to see (finding → approval → IP blocked on the router → finding resolved). Each
     * scenario runs on its own router, so a later one is never held back by an earlier one's
     * playbook cooldown, and every line count clears its rule's threshold.
     */
    static List<DemoScenario> storyline(String attackerIp, String clientMac) {
        return List.of(
                new DemoScenario("SSH brute force from " + attackerIp, 0, "ssh_brute_force",
                        host -> SyslogScenarios.sshBruteForce(host, attackerIp, 8),
                        state -> "firewall blocks " + state.blockedIps()),
                new DemoScenario("WAN interface flapping", 1, "interface_flapping",
                        host -> SyslogScenarios.interfaceFlapping(host, FLAPPING_INTERFACE, 3),
                        state -> "interface " + FLAPPING_INTERFACE + " is " + (state.isInterfaceUp(FLAPPING_INTERFACE) ? "up" : "down")),
                new DemoScenario("Wi-Fi driver crash (twice)", 2, "driver_crash",
                        host -> twice(SyslogScenarios.driverCrash(host, WIFI_INTERFACE), SyslogScenarios.driverCrash(host, WIFI_INTERFACE)),
                        state -> "wifi reloaded " + state.wifiReloads() + " time(s)"),
                new DemoScenario("Out of memory: the kernel kills dnsmasq", 3, "oom_kill",
                        SyslogScenarios::outOfMemory,
                        state -> "diagnostics collected (free, top, logread); nothing changed on the router"),
                new DemoScenario("Deauthentication flood against " + clientMac, 4, "deauth_flood",
                        host -> SyslogScenarios.deauthFlood(host, WIFI_INTERFACE, clientMac, 24),
                        state -> "Wi-Fi MAC filter denies " + state.deniedMacs()));
    }

    private static List<String> twice(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
