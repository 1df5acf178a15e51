package org.opmas.playbook.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.ActionType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ActionRendererTest {

    private static final List<String> HOSTILE = List.of("'; reboot; '", "$(id)", "`id`", "1.2.3.4\nreboot",
            "1.2.3.4 && reboot", "1.2.3.4;reboot", "1.2.3.4|sh", "-rf", "x".repeat(10_000), "1.2.3.4\u0000",
            "wan'", "\"wan\"", "${IFS}", "*", "../../bin/sh", "wlan0 ", " wlan0", "1.2.3.4/32", "::1%eth0");

    private static JsonNode json(String text) {
        try { return EventJson.mapper().readTree(text); } catch (Exception e) { throw new IllegalStateException(e); }
    }

    private static RenderContext details(String key, String value) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put(key, value);
        ObjectNode device = JsonNodeFactory.instance.objectNode().put("hostname", "ap-1").put("id", 7);
        return RenderContext.of(d, null, device, null);
    }

    @Test
    void quotesSingleQuotesSafely() {
        assertThat(ShellQuote.quote("a'b")).isEqualTo("'a'\\''b'");
        assertThat(ShellQuote.quote("$(id)")).isEqualTo("'$(id)'");
        assertThatThrownBy(() -> ShellQuote.quote("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersTypedPlaceholdersSingleQuoted() throws Exception {
        String out = CommandTemplate.parse("ping -c 3 {{details.source_ip:ip}} && echo {{device.hostname:hostname}}")
                .render(details("source_ip", "198.51.100.7"));
        assertThat(out).isEqualTo("ping -c 3 '198.51.100.7' && echo 'ap-1'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip", "iface", "mac", "service", "hostname", "word", "int", "uci_section"})
    void everyTypeRejectsEveryHostileValue(String typeName) throws Exception {
        CommandTemplate template = CommandTemplate.parse("echo {{details.v:" + typeName + "}}");
        for (String hostile : HOSTILE) {
            assertThatThrownBy(() -> template.render(details("v", hostile)))
                    .as("%s must reject %s", typeName, hostile.length() > 30 ? hostile.substring(0, 30) : hostile)
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("details.v");
        }
    }

    @Test
    void missingValueFailsRendering() throws Exception {
        CommandTemplate template = CommandTemplate.parse("echo {{details.source_ip:ip}}");
        assertThatThrownBy(() -> template.render(RenderContext.empty()))
                .isInstanceOf(RenderException.class).hasMessageContaining("details.source_ip is missing");
    }

    @Test
    void validatesTypes() {
        assertThat(ValueType.IP.validate("2001:db8::7")).contains("2001:db8::7");
        assertThat(ValueType.IP.validate("198.51.100.7")).contains("198.51.100.7");
        assertThat(ValueType.IP.validate("256.1.1.1")).isEmpty();
        assertThat(ValueType.IP.validate("example.com")).isEmpty();
        assertThat(ValueType.MAC.validate("AA:BB:CC:DD:EE:0F")).contains("aa:bb:cc:dd:ee:0f");
        assertThat(ValueType.IFACE.validate("br-lan")).contains("br-lan");
        assertThat(ValueType.IFACE.validate("eth0.2")).contains("eth0.2");
        assertThat(ValueType.IFACE.validate("a-very-long-interface")).isEmpty();
        assertThat(ValueType.IFACE.validate("-x")).isEmpty();
        assertThat(ValueType.SERVICE.validate("dnsmasq")).contains("dnsmasq");
        assertThat(ValueType.SERVICE.validate("Dnsmasq")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "echo {{details.ip}}",                        // no type
            "echo '{{details.ip:ip}}'",                   // in single quotes
            "echo \"{{details.ip:ip}}\"",                 // in double quotes
            "echo `echo {{details.ip:ip}}`",              // in backticks
            "echo $(echo {{details.ip:ip}})",             // in $( )
            "echo ${{{details.ip:ip}}}",                  // after $
            "{{details.cmd:word}} --now",                 // command position
            "true; {{details.cmd:word}}",                 // command position after ;
            "true && {{details.cmd:word}}",               // command position after &&
            "sh -c {{details.cmd:word}}",                 // wrapper
            "echo {{details.ip:shell}}",                  // unknown type
            "echo {{secrets.key:word}}",                  // unknown namespace
            "echo {{device.password:word}}",              // unknown device field
            "cat <<EOF\n{{details.ip:ip}}\nEOF",          // here-document
            "echo 'unterminated",                         // unbalanced quote
            "echo {{details.ip:ip}",                      // unclosed placeholder
            "echo \\{{details.ip:ip}}",                   // escaped
            "echo ok\u0000"                               // control char
    })
    void rejectsUnsafeTemplatesOnSave(String template) {
        List<TemplateProblem> problems = ActionRenderer.validate(ActionType.SSH_COMMAND,
                JsonNodeFactory.instance.objectNode().put("command", template));
        assertThat(problems).extracting(TemplateProblem::field).contains("action_config.command");
    }

    @Test
    void acceptsSafeTemplates() {
        for (String template : List.of("ifstatus {{details.interface:iface}}",
                "/etc/init.d/{{details.service:service}} restart",
                "# don't worry\nlogread | grep -F {{details.mac:mac}} | tail -n 20",
                "iw dev {{details.iface:iface}} station dump",
                "FOO=1 echo {{details.ip:ip}}")) {
            assertThat(ActionRenderer.validate(ActionType.SSH_COMMAND,
                    JsonNodeFactory.instance.objectNode().put("command", template))).as(template).isEmpty();
        }
    }

    @Test
    void typedActionsValidateLiteralsAndPlaceholders() {
        assertThat(ActionRenderer.validate(ActionType.BLOCK_IP, json("{\"ip\":\"{{details.source_ip}}\"}"))).isEmpty();
        assertThat(ActionRenderer.validate(ActionType.BLOCK_IP, json("{\"ip\":\"10.0.0.1; reboot\"}")))
                .extracting(TemplateProblem::field).containsExactly("action_config.ip");
        assertThat(ActionRenderer.validate(ActionType.BLOCK_IP, json("{\"ip\":\"x{{details.source_ip}}\"}")))
                .extracting(TemplateProblem::field).containsExactly("action_config.ip");
        assertThat(ActionRenderer.validate(ActionType.BLOCK_IP, json("{\"ip\":\"{{details.source_ip:mac}}\"}")))
                .extracting(TemplateProblem::field).containsExactly("action_config.ip");
        assertThat(ActionRenderer.validate(ActionType.WIFI_RELOAD, json("{\"extra\":1}")))
                .extracting(TemplateProblem::field).containsExactly("action_config.extra");
        assertThat(ActionRenderer.validate(ActionType.COLLECT_DIAGNOSTICS, json("{\"commands\":[\"free\",\"rm -rf /\"]}")))
                .extracting(TemplateProblem::field).containsExactly("action_config.commands[1]");
        assertThat(ActionRenderer.validate(ActionType.UCI_SET,
                json("{\"changes\":[{\"key\":\"network.wan.proto\",\"value\":\"dhcp\"},{\"key\":\"x;reboot\",\"value\":\"{{details.v}}\"}]}")))
                .extracting(TemplateProblem::field)
                .containsExactlyInAnyOrder("action_config.changes[1].key", "action_config.changes[1].value");
    }

    @Test
    void blockIpRendersUciTransactionWithRevert() throws Exception {
        ActionRenderer.Rendered r = ActionRenderer.render(ActionType.BLOCK_IP,
                json("{\"ip\":\"{{details.source_ip:ip}}\"}"), details("source_ip", "198.51.100.7"));
        assertThat(r.command())
                .contains("uci set 'firewall.@rule[-1].src_ip=198.51.100.7'")
                .contains("uci -q revert \"$c\"")
                .contains("uci commit 'firewall' || opmas_uci_fail")
                .endsWith("/etc/init.d/firewall reload");
        assertThat(r.actionConfig().get("ip").asText()).isEqualTo("198.51.100.7");
        assertThat(r.actionConfig().get("command").asText()).isEqualTo(r.command());
    }

    @Test
    void blockIpWithHostileSourceIpFails() {
        for (String hostile : HOSTILE) {
            assertThatThrownBy(() -> ActionRenderer.render(ActionType.BLOCK_IP,
                    json("{\"ip\":\"{{details.source_ip}}\"}"), details("source_ip", hostile)))
                    .isInstanceOf(RenderException.class);
        }
    }

    @Test
    void blockMacUsesSectionOrAllWifiInterfaces() throws Exception {
        String one = ActionRenderer.render(ActionType.BLOCK_MAC,
                json("{\"mac\":\"{{details.mac}}\",\"interface\":\"default_radio0\"}"),
                details("mac", "AA:BB:CC:DD:EE:FF")).command();
        assertThat(one).contains("uci add_list 'wireless.default_radio0.maclist=aa:bb:cc:dd:ee:ff'")
                .contains("'wireless.default_radio0.macfilter=deny'").contains("uci commit 'wireless'")
                .endsWith("wifi reload");
        String all = ActionRenderer.render(ActionType.BLOCK_MAC, json("{\"mac\":\"{{details.mac:mac}}\"}"),
                details("mac", "aa:bb:cc:dd:ee:ff")).command();
        assertThat(all).contains("=wifi-iface$").contains("'aa:bb:cc:dd:ee:ff'");
    }

    @Test
    void uciSetQuotesValuesAndRevertsOnFailure() throws Exception {
        String script = ActionRenderer.render(ActionType.UCI_SET, json(
                "{\"changes\":[{\"key\":\"system.@system[0].hostname\",\"value\":\"it's\"},"
                        + "{\"key\":\"network.wan.ipaddr\",\"value\":\"{{details.ip:ipv4}}\"}]}"),
                details("ip", "192.0.2.1")).command();
        assertThat(script)
                .contains("uci set 'system.@system[0].hostname=it'\\''s'")
                .contains("uci set 'network.wan.ipaddr=192.0.2.1'")
                .contains("for c in 'system' 'network'; do uci -q revert \"$c\"")
                .contains("uci commit 'system'").contains("uci commit 'network'");
    }

    @Test
    void simpleActions() throws Exception {
        RenderContext ctx = details("service", "dnsmasq");
        assertThat(ActionRenderer.render(ActionType.SERVICE_RESTART, json("{\"service\":\"{{details.service}}\"}"), ctx)
                .command()).endsWith("/etc/init.d/'dnsmasq' restart");
        assertThat(ActionRenderer.render(ActionType.WIFI_RELOAD, json("{}"), ctx).command()).isEqualTo("wifi reload");
        assertThat(ActionRenderer.render(ActionType.INTERFACE_RESTART, json("{\"interface\":\"wan\"}"), ctx).command())
                .isEqualTo("ifup 'wan'");
        assertThat(ActionRenderer.render(ActionType.REBOOT, json("{}"), ctx).command()).contains("reboot");
        assertThat(ActionRenderer.render(ActionType.COLLECT_DIAGNOSTICS,
                json("{\"commands\":[\"free\",\"dmesg | tail -n 50\"]}"), ctx).command())
                .contains("echo '### free'; free 2>&1").contains("dmesg | tail -n 50 2>&1");
        assertThatThrownBy(() -> ActionRenderer.render(ActionType.SERVICE_RESTART,
                json("{\"service\":\"{{details.service}}\"}"), details("service", "../../bin/sh")))
                .isInstanceOf(RenderException.class);
    }
}
