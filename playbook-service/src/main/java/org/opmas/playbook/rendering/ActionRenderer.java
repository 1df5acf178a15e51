package org.opmas.playbook.rendering;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.opmas.schema.events.ActionType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validates each action type's {@code action_config} when a playbook is saved, and renders it into
 * the exact POSIX sh (busybox ash) text the executor runs. Pure Java, no I/O.
 *
 * <p>Typed fields ({@code service}, {@code interface}, {@code ip}, {@code mac}, uci values) hold
 * either a literal, validated at save time, or exactly one placeholder ({@code {{details.ip}}} or
 * {@code {{details.ip:ip}}}) whose value is validated against the field's type at render time.
 * Every inserted value is single-quoted.
 */
public final class ActionRenderer {

    /** Read-only diagnostics a playbook may request; exact strings, nothing else. */
    public static final List<String> DIAGNOSTICS = List.of("logread -l 100", "dmesg | tail -n 50", "free", "df -h",
            "ubus call system info", "ifstatus wan", "iwinfo", "top -b -n 1");

    private static final Pattern UCI_KEY = Pattern.compile(
            "([a-z0-9_]{1,32})\\.(@[A-Za-z0-9_-]{1,32}\\[-?[0-9]{1,3}\\]|[A-Za-z0-9_]{1,64})\\.([A-Za-z0-9_]{1,64})");
    private static final int MAX_UCI_CHANGES = 50;
    private static final int MAX_LITERAL_VALUE = 1024;

    private static final Map<ActionType, Set<String>> FIELDS = Map.of(
            ActionType.SSH_COMMAND, Set.of("command"),
            ActionType.SERVICE_RESTART, Set.of("service"),
            ActionType.WIFI_RELOAD, Set.of(),
            ActionType.INTERFACE_RESTART, Set.of("interface"),
            ActionType.BLOCK_IP, Set.of("ip"),
            ActionType.BLOCK_MAC, Set.of("mac", "interface"),
            ActionType.UCI_SET, Set.of("changes"),
            ActionType.COLLECT_DIAGNOSTICS, Set.of("commands"),
            ActionType.REBOOT, Set.of());

    private ActionRenderer() {
    }

    /** A rendered step: the config as stored on the intended action, with {@code command}. */
    public record Rendered(ObjectNode actionConfig, String command) {
    }

    /** Problems of a step's config; empty when it is valid and safe. Fields are relative to the step. */
    public static List<TemplateProblem> validate(ActionType type, JsonNode config) {
        List<TemplateProblem> problems = new ArrayList<>();
        if (config == null || !config.isObject()) {
            problems.add(new TemplateProblem("action_config", "must be an object"));
            return problems;
        }
        Set<String> allowed = FIELDS.get(type);
        for (Iterator<String> it = config.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                problems.add(new TemplateProblem("action_config." + name, "is not a field of " + type.wire() + (allowed.isEmpty() ? " (it takes none)" : " (allowed: " + String.join(", ",
                                allowed.stream().sorted().toList()) + ")")));
            }
        }
        switch (type) {
            case SSH_COMMAND -> {
                JsonNode command = config.get("command");
                if (command == null || !command.isTextual()) {
                    problems.add(new TemplateProblem("action_config.command", "is required (a command template)"));
                } else {
                    try {
                        CommandTemplate.parse(command.textValue());
                    } catch (CommandTemplate.TemplateSyntaxException e) {
                        problems.add(new TemplateProblem("action_config.command", e.getMessage()));
                    }
                }
            }
            case SERVICE_RESTART -> typedField(config, "service", ValueType.SERVICE, true, problems);
            case INTERFACE_RESTART -> typedField(config, "interface", ValueType.IFACE, true, problems);
            case BLOCK_IP -> typedField(config, "ip", ValueType.IP, true, problems);
            case BLOCK_MAC -> {
                typedField(config, "mac", ValueType.MAC, true, problems);
                typedField(config, "interface", ValueType.UCI_SECTION, false, problems);
            }
            case UCI_SET -> validateUci(config.get("changes"), problems);
            case COLLECT_DIAGNOSTICS -> {
                JsonNode commands = config.get("commands");
                if (commands == null || !commands.isArray() || commands.isEmpty()) {
                    problems.add(new TemplateProblem("action_config.commands",
                            "is required: a non-empty list of " + DIAGNOSTICS));
                } else {
                    for (int i = 0; i < commands.size(); i++) {
                        JsonNode c = commands.get(i);
                        if (!c.isTextual() || !DIAGNOSTICS.contains(c.textValue())) {
                            problems.add(new TemplateProblem("action_config.commands[" + i + "]",
                                    "is not an allowed diagnostic (allowed: " + String.join(" | ", DIAGNOSTICS) + ")"));
                        }
                    }
                }
            }
            case WIFI_RELOAD, REBOOT -> {
            }
        }
        return problems;
    }

    /** Renders a valid step for a context; throws when a value is missing or fails its type. */
    public static Rendered render(ActionType type, JsonNode config, RenderContext context) throws RenderException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String command = switch (type) {
            case SSH_COMMAND -> {
                String template = config.path("command").asText();
                try {
                    out.put("template", template);
                    yield CommandTemplate.parse(template).render(context);
                } catch (CommandTemplate.TemplateSyntaxException e) {
                    throw new RenderException("command", "template is not valid: " + e.getMessage());
                }
            }
            case SERVICE_RESTART -> {
                String service = field(config, "service", ValueType.SERVICE, context);
                out.put("service", service);
                String script = "/etc/init.d/" + ShellQuote.quote(service);
                yield "[ -x " + script + " ] || { echo " + ShellQuote.quote("opmas: no init script " + service)
                        + " >&2; exit 127; }\n" + script + " restart";
            }
            case WIFI_RELOAD -> "wifi reload";
            case INTERFACE_RESTART -> {
                String iface = field(config, "interface", ValueType.IFACE, context);
                out.put("interface", iface);
                // netifd: ifup on an interface that is up takes it down and up again.
                yield "ifup " + ShellQuote.quote(iface);
            }
            case BLOCK_IP -> {
                String ip = field(config, "ip", ValueType.IP, context);
                out.put("ip", ip);
                yield blockIp(ip);
            }
            case BLOCK_MAC -> {
                String mac = field(config, "mac", ValueType.MAC, context);
                out.put("mac", mac);
                String section = null;
                if (config.hasNonNull("interface")) {
                    section = field(config, "interface", ValueType.UCI_SECTION, context);
                    out.put("interface", section);
                }
                yield blockMac(mac, section);
            }
            case UCI_SET -> {
                List<String[]> changes = new ArrayList<>();
                JsonNode list = config.path("changes");
                for (int i = 0; i < list.size(); i++) {
                    JsonNode change = list.get(i);
                    String key = change.path("key").asText();
                    String value = uciValue(change.path("value").asText(), "changes[" + i + "].value", context);
                    changes.add(new String[] {key, value});
                }
                out.set("changes", config.get("changes").deepCopy());
                yield uciSet(changes);
            }
            case COLLECT_DIAGNOSTICS -> {
                List<String> lines = new ArrayList<>();
                for (JsonNode c : config.path("commands")) {
                    String cmd = c.asText();
                    if (!DIAGNOSTICS.contains(cmd)) { // saved playbooks are validated; this is defence in depth
                        throw new RenderException("commands", "'" + Placeholder.abbreviate(cmd) + "' is not an allowed diagnostic");
                    }
                    lines.add("echo " + ShellQuote.quote("### " + cmd) + "; " + cmd + " 2>&1");
                }
                out.set("commands", config.get("commands").deepCopy());
                lines.add("true");
                yield String.join("\n", lines);
            }
            case REBOOT -> "echo 'opmas: rebooting in 3 s'\n(sleep 3; reboot) </dev/null >/dev/null 2>&1 &";
        };
        if (command.length() > CommandTemplate.MAX_LENGTH) {
            throw new RenderException("command", "rendered command is longer than " + CommandTemplate.MAX_LENGTH);
        }
        out.put("command", command);
        return new Rendered(out, command);
    }

    static String blockIp(String ip) {
        String name = "opmas-block-" + ip;
        List<String> uci = List.of(
                "uci add firewall rule >/dev/null",
                "uci set " + ShellQuote.quote("firewall.@rule[-1].name=" + name),
                "uci set firewall.@rule[-1].src=wan",
                "uci set firewall.@rule[-1].dest='*'",
                "uci set " + ShellQuote.quote("firewall.@rule[-1].src_ip=" + ip),
                "uci set firewall.@rule[-1].target=DROP");
        String already = "if uci -q show firewall | grep -qF " + ShellQuote.quote(".name='" + name + "'")
                + "; then echo " + ShellQuote.quote("opmas: " + ip + " is already blocked") + "; exit 0; fi";
        return uciScript(List.of("firewall"), List.of(already), uci, List.of("/etc/init.d/firewall reload"));
    }

    static String blockMac(String mac, String section) {
        List<String> uci = new ArrayList<>();
        List<String> pre = new ArrayList<>();
        if (section != null) {
            pre.add("uci -q get " + ShellQuote.quote("wireless." + section) + " >/dev/null || { echo "
                    + ShellQuote.quote("opmas: no wireless section " + section) + " >&2; exit 2; }");
            uci.add("uci set " + ShellQuote.quote("wireless." + section + ".macfilter=deny"));
            uci.add("uci -q del_list " + ShellQuote.quote("wireless." + section + ".maclist=" + mac) + "; uci add_list "
                    + ShellQuote.quote("wireless." + section + ".maclist=" + mac));
        } else {
            // Every wifi-iface section; names come from uci itself and are restricted by the sed pattern.
            uci.add("for s in $(uci -q show wireless | sed -n 's/^wireless\\.\\([A-Za-z0-9_]*\\)=wifi-iface$/\\1/p'); do"
                    + " uci set \"wireless.$s.macfilter=deny\" && { uci -q del_list \"wireless.$s.maclist=\""
                    + ShellQuote.quote(mac) + "; uci add_list \"wireless.$s.maclist=\"" + ShellQuote.quote(mac)
                    + "; } || exit 1; done");
        }
        return uciScript(List.of("wireless"), pre, uci, List.of("wifi reload"));
    }

    static String uciSet(List<String[]> changes) {
        Set<String> configs = new LinkedHashSet<>();
        List<String> uci = new ArrayList<>();
        for (String[] change : changes) {
            configs.add(change[0].substring(0, change[0].indexOf('.')));
            uci.add("uci set " + ShellQuote.quote(change[0] + "=" + change[1]));
        }
        return uciScript(List.copyOf(configs), List.of(), uci, List.of());
    }

    /**
     * UCI changes as one transaction: refuse to start if a touched config has uncommitted changes
     * (they are someone else's), stage every change, commit; if any command fails, revert the
     * touched configs and exit non-zero. {@code after} runs once everything is committed.
     */
    static String uciScript(List<String> configs, List<String> pre, List<String> commands, List<String> after) {
        String quoted = String.join(" ", configs.stream().map(ShellQuote::quote).toList());
        StringBuilder s = new StringBuilder();
        s.append("opmas_uci_fail() { for c in ").append(quoted).append("; do uci -q revert \"$c\"; done; echo \"opmas: $1 failed; reverted ")
                .append(String.join(" ", configs)).append("\" >&2; exit 1; }\n");
        s.append("for c in ").append(quoted).append("; do [ -z \"$(uci -q changes \"$c\")\" ] || { echo \"opmas: $c has uncommitted changes; not touching it\" >&2; exit 3; }; done\n");
        for (String line : pre) {
            s.append(line).append('\n');
        }
        for (String command : commands) {
            s.append("{ ").append(command).append("; } || opmas_uci_fail ").append(ShellQuote.quote(firstWords(command))).append('\n');
        }
        for (String config : configs) {
            s.append("uci commit ").append(ShellQuote.quote(config)).append(" || opmas_uci_fail 'uci commit'\n");
        }
        for (String line : after) {
            s.append(line).append('\n');
        }
        return s.toString().stripTrailing();
    }

    private static String firstWords(String command) {
        String[] words = command.split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : words[0];
    }

    private static void typedField(JsonNode config, String name, ValueType type, boolean required,
            List<TemplateProblem> problems) {
        JsonNode value = config.get(name);
        String field = "action_config." + name;
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(new TemplateProblem(field, "is required (" + type.describe() + " or a placeholder)"));
            }
            return;
        }
        if (!value.isTextual()) {
            problems.add(new TemplateProblem(field, "must be a string"));
            return;
        }
        String text = value.textValue();
        Optional<String[]> placeholder = Placeholder.whole(text);
        if (placeholder.isPresent()) {
            Object parsed = Placeholder.parse(placeholder.get()[0], placeholder.get()[1], false);
            if (parsed instanceof String problem) {
                problems.add(new TemplateProblem(field, problem));
            } else if (((Placeholder) parsed).type() != null && ((Placeholder) parsed).type() != type
                    && !(type == ValueType.IP && ((Placeholder) parsed).type() == ValueType.IPV4)
                    && !(type == ValueType.IP && ((Placeholder) parsed).type() == ValueType.IPV6)) {
                problems.add(new TemplateProblem(field, "placeholder type must be " + type.wireName()));
            }
        } else if (text.contains("{{") || text.contains("}}")) {
            problems.add(new TemplateProblem(field, "must be a literal or exactly one placeholder like {{details."
                    + name + "}}"));
        } else if (type.validate(text).isEmpty()) {
            problems.add(new TemplateProblem(field, "is not " + type.describe()));
        }
    }

    private static String field(JsonNode config, String name, ValueType type, RenderContext context)
            throws RenderException {
        String text = config.path(name).asText();
        Optional<String[]> placeholder = Placeholder.whole(text);
        if (placeholder.isPresent()) {
            Object parsed = Placeholder.parse(placeholder.get()[0], placeholder.get()[1], false);
            if (parsed instanceof String problem) {
                throw new RenderException(name, problem);
            }
            Placeholder p = (Placeholder) parsed;
            return CommandTemplate.resolve(p.path(), p.type() == null ? type : p.type(), context);
        }
        return type.validate(text).orElseThrow(() -> new RenderException(name, name + " is not " + type.describe()));
    }

    private static void validateUci(JsonNode changes, List<TemplateProblem> problems) {
        if (changes == null || !changes.isArray() || changes.isEmpty()) {
            problems.add(new TemplateProblem("action_config.changes", "is required: a non-empty list of {key, value}"));
            return;
        }
        if (changes.size() > MAX_UCI_CHANGES) {
            problems.add(new TemplateProblem("action_config.changes", "at most " + MAX_UCI_CHANGES + " changes"));
        }
        for (int i = 0; i < changes.size(); i++) {
            JsonNode change = changes.get(i);
            String base = "action_config.changes[" + i + "]";
            if (!change.isObject()) {
                problems.add(new TemplateProblem(base, "must be an object {key, value}"));
                continue;
            }
            for (Iterator<String> it = change.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("key") && !f.equals("value")) {
                    problems.add(new TemplateProblem(base + "." + f, "is not allowed (key, value)"));
                }
            }
            JsonNode key = change.get("key");
            if (key == null || !key.isTextual() || !UCI_KEY.matcher(key.textValue()).matches()) {
                problems.add(new TemplateProblem(base + ".key",
                        "must be a literal UCI option config.section.option (e.g. network.wan.proto or wireless.@wifi-iface[0].disabled)"));
            }
            JsonNode value = change.get("value");
            if (value == null || !value.isTextual()) {
                problems.add(new TemplateProblem(base + ".value", "is required (a string)"));
                continue;
            }
            String text = value.textValue();
            Optional<String[]> placeholder = Placeholder.whole(text);
            if (placeholder.isPresent()) {
                Object parsed = Placeholder.parse(placeholder.get()[0], placeholder.get()[1], true);
                if (parsed instanceof String problem) {
                    problems.add(new TemplateProblem(base + ".value", problem));
                }
            } else if (text.contains("{{") || text.contains("}}")) {
                problems.add(new TemplateProblem(base + ".value", "must be a literal or exactly one typed placeholder"));
            } else if (text.length() > MAX_LITERAL_VALUE || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                problems.add(new TemplateProblem(base + ".value", "must be at most " + MAX_LITERAL_VALUE
                        + " printable characters"));
            }
        }
    }

    private static String uciValue(String text, String field, RenderContext context) throws RenderException {
        Optional<String[]> placeholder = Placeholder.whole(text);
        if (placeholder.isEmpty()) {
            return text;
        }
        Object parsed = Placeholder.parse(placeholder.get()[0], placeholder.get()[1], true);
        if (parsed instanceof String problem) {
            throw new RenderException(field, problem);
        }
        Placeholder p = (Placeholder) parsed;
        return CommandTemplate.resolve(p.path(), p.type(), context);
    }
}
