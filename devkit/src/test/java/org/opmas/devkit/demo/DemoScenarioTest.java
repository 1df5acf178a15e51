package org.opmas.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.RouterCommands;
import org.opmas.devkit.simulator.RouterShell;

class DemoScenarioTest {

    private static final String ATTACKER = "203.0.113.9";
    private static final String CLIENT = "02:00:5e:aa:bb:cc";
    private final List<DemoScenario> storyline = DemoScenario.storyline(ATTACKER, CLIENT);

    @Test
    void brute_force_comes_first_then_the_other_scenarios_each_on_its_own_router() {
        assertThat(storyline).extracting(DemoScenario::findingType)
                .containsExactly("ssh_brute_force", "interface_flapping", "driver_crash", "oom_kill", "deauth_flood");
        assertThat(storyline).extracting(DemoScenario::router).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void every_line_is_rfc3164_from_the_router_it_is_played_on() {
        Pattern rfc3164 = Pattern.compile("^<\\d{1,3}>[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} demo-ap-7 [\\w-]+(\\[\\d+])?: .+");
        for (DemoScenario scenario : storyline) {
            assertThat(scenario.linesFor("demo-ap-7")).as(scenario.title()).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches(rfc3164));
        }
    }

    // The counts below are the thresholds of the default rules in V20_1__default_agents_and_rules.sql:
    // a scenario under its threshold would never open a finding and the demo would wait in vain.

    @Test
    void brute_force_sends_at_least_five_failed_logins_from_the_attacker() {
        List<String> lines = storyline.get(0).linesFor("r");
        assertThat(lines.stream().filter(l -> l.contains("from " + ATTACKER + ":"))).hasSizeGreaterThanOrEqualTo(5);
        assertThat(storyline.get(0).title()).contains(ATTACKER);
    }

    @Test
    void flapping_changes_the_interface_state_at_least_five_times() {
        List<String> lines = storyline.get(1).linesFor("r");
        Pattern transition = Pattern.compile(".*netifd: Interface 'wan' (is now up|is now down|has link connectivity loss)$");
        assertThat(lines.stream().filter(l -> transition.matcher(l).matches())).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void driver_crash_crashes_the_firmware_twice() {
        assertThat(storyline.get(2).linesFor("r").stream().filter(l -> l.contains("Firmware crashed"))).hasSize(2);
    }

    @Test
    void oom_kill_names_the_killed_process() {
        assertThat(storyline.get(3).linesFor("r")).anyMatch(l -> l.contains("Out of memory: Killed process 1201 (dnsmasq)"));
    }

    @Test
    void deauth_flood_sends_at_least_twenty_for_the_client() {
        assertThat(storyline.get(4).linesFor("r").stream().filter(l -> l.contains("STA " + CLIENT + " IEEE 802.11")))
                .hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void router_state_shows_what_the_remedy_changed() {
        RouterCommands router = new RouterCommands("r");
        assertThat(storyline.get(0).routerState().apply(router)).isEqualTo("firewall blocks []");
        assertThat(new RouterShell(router).run("nft add element inet fw4 opmas_blocked { " + ATTACKER + " }").exitCode()).isZero();
        assertThat(storyline.get(0).routerState().apply(router)).isEqualTo("firewall blocks [" + ATTACKER + "]");
        assertThat(storyline.get(1).routerState().apply(router)).startsWith("interface wan is ");
        assertThat(storyline.get(4).routerState().apply(router)).isEqualTo("Wi-Fi MAC filter denies []");
    }
}
