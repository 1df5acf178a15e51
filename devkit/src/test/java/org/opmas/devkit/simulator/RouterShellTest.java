package org.opmas.devkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shell subset and the router's commands and state, without SSH. */
class RouterShellTest {

    private final RouterCommands router = new RouterCommands("ap-test");
    private final RouterShell shell = new RouterShell(router);

    @Test
    void andOrSemicolonAndExitStatus() {
        assertThat(shell.run("false && echo no || echo yes; echo done").stdout()).isEqualTo("yes\ndone\n");
        assertThat(shell.run("true && false").exitCode()).isEqualTo(1);
        assertThat(shell.run("echo a\necho b\nexit 3\necho never")).isEqualTo(new CommandResult(3, "a\nb\n", ""));
        assertThat(shell.run("false; echo \"status $?\"").stdout()).isEqualTo("status 1\n");
        assertThat(shell.run("! false").exitCode()).isZero();
    }

    @Test
    void quotingKeepsWordsAndMetacharactersLiteral() {
        assertThat(shell.run("echo 'a  b; rm -rf /' \"c \\\"d\\\"\" e\\ f").stdout())
                .isEqualTo("a  b; rm -rf / c \"d\" e f\n");
        assertThat(shell.run("echo 'it'\\''s'").stdout()).isEqualTo("it's\n");
    }

    @Test
    void ifThenElseAndPipes() {
        assertThat(shell.run("if uci -q get network.wan.proto >/dev/null; then echo has-wan; else echo none; fi")
                .stdout()).isEqualTo("has-wan\n");
        assertThat(shell.run("if uci -q get network.nope.proto; then echo x; elif true; then echo elif; fi").stdout())
                .isEqualTo("elif\n");
        assertThat(shell.run("seq 1 100 | tail -n 2").stdout()).isEqualTo("99\n100\n");
        assertThat(shell.run("logread | grep -q netifd && echo found").stdout()).isEqualTo("found\n");
    }

    @Test
    void unknownCommandIsNotFound127AndSyntaxErrorsAre2() {
        assertThat(shell.run("frobnicate --now")).isEqualTo(new CommandResult(127, "", "sh: frobnicate: not found\n"));
        assertThat(shell.run("echo 'unterminated").exitCode()).isEqualTo(2);
        assertThat(shell.run("if true; then echo x").exitCode()).isEqualTo(2);
    }

    @Test
    void theBlockIpScriptPlaybookServiceRendersRunsAndIsIdempotent() {
        // Verbatim from playbook-service's block_ip rendering (uci transaction with revert on failure).
        String script = "opmas_uci_fail() { for c in 'firewall'; do uci -q revert \"$c\"; done; echo \"opmas: $1 failed; reverted firewall\" >&2; exit 1; }" + "\n"
                + "for c in 'firewall'; do [ -z \"$(uci -q changes \"$c\")\" ] || { echo \"opmas: $c has uncommitted changes; not touching it\" >&2; exit 3; }; done" + "\n"
                + "if uci -q show firewall | grep -qF '.name='\\''opmas-block-198.51.100.77'\\'''; then echo 'opmas: 198.51.100.77 is already blocked'; exit 0; fi" + "\n"
                + "{ uci add firewall rule >/dev/null; } || opmas_uci_fail 'uci add'" + "\n"
                + "{ uci set 'firewall.@rule[-1].name=opmas-block-198.51.100.77'; } || opmas_uci_fail 'uci set'" + "\n"
                + "{ uci set firewall.@rule[-1].src=wan; } || opmas_uci_fail 'uci set'" + "\n"
                + "{ uci set firewall.@rule[-1].dest='*'; } || opmas_uci_fail 'uci set'" + "\n"
                + "{ uci set 'firewall.@rule[-1].src_ip=198.51.100.77'; } || opmas_uci_fail 'uci set'" + "\n"
                + "{ uci set firewall.@rule[-1].target=DROP; } || opmas_uci_fail 'uci set'" + "\n"
                + "uci commit 'firewall' || opmas_uci_fail 'uci commit'" + "\n"
                + "/etc/init.d/firewall reload";
        CommandResult first = shell.run(script);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(shell.run("uci show firewall").stdout()).contains("src_ip='198.51.100.77'");
        assertThat(router.blockedIps()).containsExactly("198.51.100.77");
        CommandResult again = shell.run(script);
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("198.51.100.77 is already blocked");
        assertThat(shell.run("echo to-stderr >&2").stderr()).isEqualTo("to-stderr\n");

        // A failing step inside the transaction reverts the uncommitted changes and exits 1.
        CommandResult failed = shell.run("fail() { for c in 'firewall'; do uci -q revert \"$c\"; done; "
                + "echo \"opmas: $1 failed\" >&2; exit 1; }\n"
                + "{ uci set firewall.@rule[-1].target=ACCEPT; } || fail 'uci set'\n"
                + "{ uci nosuchverb; } || fail 'uci nosuchverb'\necho never");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).contains("opmas: uci nosuchverb failed");
        assertThat(failed.stdout()).doesNotContain("never");
        assertThat(shell.run("uci changes firewall").stdout()).isEmpty();
    }

    @Test
    void uciChangesCommitAndRevert() {
        String id = shell.run("uci add firewall rule").stdout().trim();
        assertThat(id).matches("cfg[0-9a-f]{6}");
        assertThat(shell.run("uci set firewall.@rule[-1].src_ip='198.51.100.7' && uci set firewall.@rule[-1].target='DROP'"
                + " && uci changes firewall").stdout())
                .contains("firewall." + id + ".src_ip='198.51.100.7'", "firewall." + id + ".target='DROP'");
        assertThat(router.uci().get("firewall." + id + ".src_ip")).contains("198.51.100.7");
        assertThat(router.uci().getCommitted("firewall." + id + ".src_ip")).isEmpty();

        shell.run("uci revert firewall");
        assertThat(router.uci().get("firewall." + id + ".src_ip")).isEmpty();
        assertThat(router.uci().changes()).isEmpty();
        assertThat(shell.run("uci get firewall." + id + ".src_ip"))
                .isEqualTo(new CommandResult(1, "", "uci: Entry not found\n"));
    }

    @Test
    void firewallBlockAppliesOnlyAfterCommitAndReload() {
        String block = "uci add firewall rule && uci set firewall.@rule[-1].name='opmas-block-198.51.100.7'"
                + " && uci set firewall.@rule[-1].src='wan' && uci set firewall.@rule[-1].src_ip='198.51.100.7'"
                + " && uci set firewall.@rule[-1].target='DROP' && uci commit firewall";
        assertThat(shell.run(block).exitCode()).isZero();
        assertThat(router.blockedIps()).isEmpty();
        assertThat(shell.run("/etc/init.d/firewall reload").exitCode()).isZero();
        assertThat(router.blockedIps()).containsExactly("198.51.100.7");
        shell.run("nft add element inet fw4 opmas_blocklist { 203.0.113.9 }");
        assertThat(router.blockedIps()).containsExactlyInAnyOrder("198.51.100.7", "203.0.113.9");
    }

    @Test
    void macDenyListAppliesOnWifiReload() {
        assertThat(shell.run("uci add_list wireless.default_radio0.maclist='3C:22:FB:12:34:56'"
                + " && uci set wireless.default_radio0.macfilter='deny' && uci commit wireless && wifi reload")
                .exitCode()).isZero();
        assertThat(router.deniedMacs()).containsExactly("3c:22:fb:12:34:56");
        assertThat(router.wifiReloads()).isEqualTo(1);
        shell.run("uci del_list wireless.default_radio0.maclist='3C:22:FB:12:34:56' && uci commit wireless && wifi");
        assertThat(router.deniedMacs()).isEmpty();
    }

    @Test
    void sedSubstitutesWithBasicRegularExpressions() {
        assertThat(shell.run("uci -q show wireless | sed -n 's/^wireless\\.\\([A-Za-z0-9_]*\\)=wifi-iface$/\\1/p'").stdout())
                .isEqualTo("default_radio0\n");
        assertThat(shell.run("echo 'a+b (c)' | sed 's/+b (\\(.\\))/-\\1/'").stdout()).isEqualTo("a-c\n");
        assertThat(shell.run("printf 'x1\\nx2\\n' | sed 's/x/y/g'").stdout()).isEqualTo("y1\ny2\n");
        assertThat(shell.run("echo a | sed -i s/a/b/ /etc/config/x").exitCode()).isEqualTo(1);
    }

    @Test
    void everyWifiInterfaceGetsTheMacDenyEntryThroughTheForLoopOpmasRenders() {
        // The loop playbook-service's ActionRenderer.blockMac renders when no interface is named.
        String loop = "for s in $(uci -q show wireless | sed -n 's/^wireless\\.\\([A-Za-z0-9_]*\\)=wifi-iface$/\\1/p'); do"
                + " uci set \"wireless.$s.macfilter=deny\" && { uci -q del_list \"wireless.$s.maclist=\"'02:00:5e:bc:64:78';"
                + " uci add_list \"wireless.$s.maclist=\"'02:00:5e:bc:64:78'; } || exit 1; done\n"
                + "uci commit wireless && wifi reload";
        assertThat(shell.run(loop).exitCode()).isZero();
        assertThat(router.deniedMacs()).containsExactly("02:00:5e:bc:64:78");
    }

    @Test
    void diagnosticsAndRemediationCommands() {
        assertThat(shell.run("ubus call system info").stdout()).contains("\"uptime\"", "\"memory\"");
        assertThat(shell.run("free").stdout()).startsWith("              total");
        assertThat(shell.run("df -h").stdout()).contains("/overlay");
        assertThat(shell.run("ifdown wan && ifstatus wan").stdout()).contains("\"up\": false");
        assertThat(router.isInterfaceUp("wan")).isFalse();
        assertThat(shell.run("ifup wan").exitCode()).isZero();
        assertThat(router.isInterfaceUp("wan")).isTrue();
        assertThat(shell.run("ifup nosuch")).isEqualTo(new CommandResult(1, "", "Interface not found\n"));
        assertThat(shell.run("hostapd_cli -i wlan0 deauthenticate 3c:22:fb:12:34:56").stdout()).isEqualTo("OK\n");
        assertThat(router.deauthenticatedMacs()).containsExactly("3c:22:fb:12:34:56");
        assertThat(shell.run("/etc/init.d/dnsmasq restart").exitCode()).isZero();
        assertThat(router.serviceActions("dnsmasq")).isEqualTo(1);
        assertThat(shell.run("/etc/init.d/nosuchd restart").exitCode()).isEqualTo(127);
        assertThat(shell.run("logread -l 2").stdout().lines()).hasSize(2).last().asString().contains("procd");
        assertThat(shell.run("dmesg | tail -n 1").stdout()).contains("wlan0");
        assertThat(shell.run("iwinfo").stdout()).contains("ESSID: \"OpenWrt\"");
        assertThat(shell.run("top -b -n 1").stdout()).contains("hostapd");
        assertThat(shell.run("reboot").exitCode()).isZero();
        assertThat(router.reboots()).isEqualTo(1);
    }
}
