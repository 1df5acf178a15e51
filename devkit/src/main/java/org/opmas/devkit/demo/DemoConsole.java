package org.opmas.devkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * One line per event: {@code HH:mm:ss  KIND      text}. Colours only when stdout is a terminal
 * (and {@code NO_COLOR} is unset), so piped or logged output stays plain text.
 */
final class DemoConsole {

    enum Kind {
        STACK("36"), ROUTER("36"), SCENARIO("1;36"), SYSLOG("90"), FINDING("33"), ACTION("35"), APPROVE("34"),
        ROUTER_STATE("32"), RESOLVED("32"), DONE("1;32"), WARN("31");

        private final String ansi;

        Kind(String ansi) {
            this.ansi = ansi;
        }

        String label() {
            return name().replace('_', ' ');
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int MAX_DETAIL = 120;

    private final PrintStream out;
    private final boolean colours;
    private final Clock clock;

    DemoConsole(PrintStream out, boolean colours, Clock clock) {
        this.out = out;
        this.colours = colours;
        this.clock = clock;
    }

    /** Colours when this JVM's stdout is a terminal and the user did not ask for none. */
    static boolean stdoutIsTerminal() {
        return System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }

    synchronized void print(Kind kind, String text) {
        out.println(format(kind, text));
        out.flush();
    }

    String format(Kind kind, String text) {
        String time = TIME.format(LocalTime.now(clock));
        String label = String.format("%-12s ", kind.label());
        String line = oneLine(text);
        if (!colours) {
            return time + "  " + label + line;
        }
        return "\u001B[90m" + time + "\u001B[0m  \u001B[" + kind.ansi + "m" + label + "\u001B[0m" + line;
    }

    /** A finding as one line: id, type, severity, device, description, status (and who resolved it). */
    static String describeFinding(JsonNode finding, String deviceName) {
        StringBuilder line = new StringBuilder()
                .append('#').append(finding.path("id").asText())
                .append(' ').append(finding.path("finding_type").asText())
                .append(" (").append(finding.path("severity").asText()).append(')')
                .append(" on ").append(deviceName)
                .append(": ").append(finding.path("description").asText())
                .append(" [").append(finding.path("status").asText()).append(']');
        String resolvedBy = text(finding, "resolved_by");
        if (resolvedBy != null && "resolved".equals(finding.path("status").asText())) {
            line.append(" by ").append(resolvedBy);
        }
        return line.toString();
    }

    /**
     * An intended action as one line: id, step, type, its configuration (the command left out: it is
     * long and the type says what it does), the finding, status and, once finished, the outcome.
     */
    static String describeAction(JsonNode action, String deviceName) {
        StringBuilder line = new StringBuilder()
                .append('#').append(action.path("id").asText())
                .append(" step ").append(action.path("step_number").asText())
                .append(' ').append(action.path("action_type").asText());
        String config = configSummary(action.path("action_config"));
        if (!config.isEmpty()) {
            line.append(' ').append(config);
        }
        line.append(" on ").append(deviceName);
        if (!action.path("finding_id").isMissingNode() && !action.path("finding_id").isNull()) {
            line.append(" (finding #").append(action.path("finding_id").asText()).append(')');
        }
        line.append(": ").append(action.path("status").asText());
        String approvedBy = text(action, "approved_by");
        if (approvedBy != null && "approved".equals(action.path("status").asText())) {
            line.append(" by ").append(approvedBy);
        }
        String outcome = outcome(action.path("result"));
        if (!outcome.isEmpty()) {
            line.append(" — ").append(outcome);
        }
        String reason = text(action, "status_reason");
        if (reason != null && outcome.isEmpty()) {
            line.append(" (").append(truncate(reason)).append(')');
        }
        return line.toString();
    }

    /** {@code exit 0 in 42 ms: first line of stdout} or the executor's error. */
    static String outcome(JsonNode result) {
        if (result == null || result.isMissingNode() || result.isNull()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        JsonNode exit = result.path("exit_code");
        if (exit.isNumber()) {
            text.append("exit ").append(exit.asInt());
        }
        if (result.path("duration_ms").isNumber()) {
            text.append(text.isEmpty() ? "" : " ").append("in ").append(result.path("duration_ms").asLong()).append(" ms");
        }
        if (result.path("dry_run").asBoolean(false)) {
            text.append(text.isEmpty() ? "" : " ").append("(dry run)");
        }
        String error = text(result, "error");
        String stdout = text(result, "stdout");
        if (error != null) {
            text.append(text.isEmpty() ? "" : ": ").append(truncate(error));
        } else if (stdout != null && !stdout.isBlank()) {
            text.append(text.isEmpty() ? "" : ": ").append(truncate(stdout.strip().lines().findFirst().orElse("")));
        }
        return text.toString();
    }

    private static String configSummary(JsonNode config) {
        StringBuilder text = new StringBuilder();
        if (config.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("command") || !field.getValue().isValueNode()) {
                    continue;
                }
                text.append(text.isEmpty() ? "" : " ").append(field.getKey()).append('=').append(field.getValue().asText());
            }
        }
        return text.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String truncate(String text) {
        String line = oneLine(text);
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 1) + "…";
    }

    private static String oneLine(String text) {
        return text.replace("\r", "").replace('\n', ' ');
    }
}
