package org.opmas.devkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.demo.DemoConsole.Kind;

class DemoConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-28T12:03:04Z"), ZoneOffset.UTC);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void plain_line_has_time_padded_kind_and_text_without_escape_codes() {
        DemoConsole console = new DemoConsole(System.out, false, NOON);
        assertThat(console.format(Kind.FINDING, "#1 ssh_brute_force")).isEqualTo("12:03:04  FINDING      #1 ssh_brute_force");
        assertThat(console.format(Kind.ROUTER_STATE, "x")).isEqualTo("12:03:04  ROUTER STATE x");
    }

    @Test
    void coloured_line_wraps_time_and_kind_in_ansi_codes_and_resets_them() {
        String line = new DemoConsole(System.out, true, NOON).format(Kind.WARN, "no finding");
        assertThat(line).isEqualTo("\u001B[90m12:03:04\u001B[0m  \u001B[31mWARN         \u001B[0mno finding");
    }

    @Test
    void an_event_is_always_one_line_even_when_its_text_has_newlines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DemoConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, NOON).print(Kind.ACTION, "a\nb\r\nc");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("12:03:04  ACTION       a b c" + System.lineSeparator());
    }

    @Test
    void finding_line_names_type_severity_device_description_and_status() throws Exception {
        JsonNode open = json("{'id': 12, 'finding_type': 'ssh_brute_force', 'severity': 'warning', 'device_id': 3,"
                + "'description': '8 failed SSH logins from 203.0.113.9 within 120 s', 'status': 'new', 'resolved_by': null}");
        assertThat(DemoConsole.describeFinding(open, "demo-ap-1"))
                .isEqualTo("#12 ssh_brute_force (warning) on demo-ap-1: 8 failed SSH logins from 203.0.113.9 within 120 s [new]");

        JsonNode resolved = json("{'id': 12, 'finding_type': 'ssh_brute_force', 'severity': 'warning', 'description': 'd',"
                + "'status': 'resolved', 'resolved_by': 'playbook:1'}");
        assertThat(DemoConsole.describeFinding(resolved, "demo-ap-1")).endsWith("[resolved] by playbook:1");
    }

    @Test
    void action_line_shows_its_config_without_the_command_and_who_approved_it() throws Exception {
        JsonNode approved = json("{'id': 7, 'step_number': 2, 'action_type': 'block_ip', 'finding_id': 12,"
                + "'action_config': {'ip': '203.0.113.9', 'command': 'uci batch <<EOF ... EOF'}, 'status': 'approved',"
                + "'approved_by': 'opmas-demo', 'result': null, 'status_reason': null}");
        assertThat(DemoConsole.describeAction(approved, "demo-ap-1"))
                .isEqualTo("#7 step 2 block_ip ip=203.0.113.9 on demo-ap-1 (finding #12): approved by opmas-demo");
    }

    @Test
    void finished_action_shows_exit_code_duration_and_first_line_of_output() throws Exception {
        JsonNode done = json("{'id': 7, 'step_number': 1, 'action_type': 'diagnostic', 'finding_id': 12, 'action_config': {},"
                + "'status': 'succeeded', 'result': {'exit_code': 0, 'duration_ms': 42, 'stdout': '\\nMem: 1024\\nSwap: 0',"
                + "'error': null, 'dry_run': false}}");
        assertThat(DemoConsole.describeAction(done, "demo-ap-2"))
                .isEqualTo("#7 step 1 diagnostic on demo-ap-2 (finding #12): succeeded — exit 0 in 42 ms: Mem: 1024");
    }

    @Test
    void failed_action_shows_the_executor_error_cut_to_one_short_line() throws Exception {
        String longError = "host key mismatch ".repeat(20);
        JsonNode failed = json("{'id': 8, 'step_number': 1, 'action_type': 'wifi_reload', 'action_config': {},"
                + "'status': 'failed', 'result': {'exit_code': null, 'duration_ms': 5, 'error': '" + longError + "'}}");
        String line = DemoConsole.describeAction(failed, "demo-ap-3");
        assertThat(line).startsWith("#8 step 1 wifi_reload on demo-ap-3: failed — in 5 ms: host key mismatch");
        assertThat(line).endsWith("…").doesNotContain("finding #");
        assertThat(DemoConsole.outcome(failed.path("result"))).hasSizeLessThan(140);
    }

    @Test
    void waiting_action_shows_its_status_reason_and_no_outcome() throws Exception {
        JsonNode skipped = json("{'id': 9, 'step_number': 1, 'action_type': 'logread', 'action_config': {},"
                + "'status': 'cancelled', 'status_reason': 'approval expired', 'result': null}");
        assertThat(DemoConsole.describeAction(skipped, "demo-ap-4")).isEqualTo("#9 step 1 logread on demo-ap-4: cancelled (approval expired)");
        assertThat(DemoConsole.outcome(JSON.nullNode())).isEmpty();
        assertThat(DemoConsole.outcome(json("{'dry_run': true, 'exit_code': null}"))).isEqualTo("(dry run)");
    }
}
