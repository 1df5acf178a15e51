package org.opmas.playbook.rendering;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a value of the run's context: {@code {{details.source_ip:ip}}}. The path starts
 * with a namespace: {@code details} (the finding's details, or a manual run's variables),
 * {@code vars} (a manual run's variables), {@code device} or {@code finding}.
 *
 * @param path dotted path, e.g. {@code details.source_ip}
 * @param type the declared type, or null when the template gave none
 */
public record Placeholder(String path, ValueType type) {

    static final Set<String> NAMESPACES = Set.of("details", "vars", "device", "finding");
    static final Set<String> DEVICE_FIELDS = Set.of("id", "hostname", "ip_address", "model");
    static final Set<String> FINDING_FIELDS = Set.of("id", "device_id", "agent_id", "finding_type", "severity",
            "fingerprint");

    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_-]+){1,8}");
    /** A whole config value that is one placeholder, with or without a type. */
    private static final Pattern WHOLE = Pattern.compile("\\{\\{\\s*([^{}:\\s]+)\\s*(?::\\s*([^{}\\s]+)\\s*)?\\}\\}");

    /**
     * Parses the inside of {@code {{...}}}; the problem text if it is not a valid reference.
     *
     * @param requireType whether a missing type is an error
     */
    static Object parse(String path, String typeName, boolean requireType) {
        if (!PATH.matcher(path).matches()) {
            return "'" + abbreviate(path) + "' is not a valid path (namespace.field, namespace one of "
                    + String.join(", ", NAMESPACES.stream().sorted().toList()) + ")";
        }
        String namespace = path.substring(0, path.indexOf('.'));
        if (!NAMESPACES.contains(namespace)) {
            return "unknown namespace '" + namespace + "' (allowed: details, vars, device, finding)";
        }
        String rest = path.substring(namespace.length() + 1);
        if (namespace.equals("device") && !DEVICE_FIELDS.contains(rest)) {
            return "device has no field '" + rest + "' (allowed: " + String.join(", ", DEVICE_FIELDS.stream().sorted().toList()) + ")";
        }
        if (namespace.equals("finding") && !FINDING_FIELDS.contains(rest)) {
            return "finding has no field '" + rest + "' (allowed: " + String.join(", ", FINDING_FIELDS.stream().sorted().toList()) + ")";
        }
        ValueType type = null;
        if (typeName == null) {
            if (requireType) {
                return "placeholder {{" + path + "}} has no type: write {{" + path + ":<type>}} with a type of "
                        + ValueType.allowedNames();
            }
        } else {
            Optional<ValueType> parsed = ValueType.fromWire(typeName);
            if (parsed.isEmpty()) {
                return "unknown type '" + abbreviate(typeName) + "' (allowed: " + ValueType.allowedNames() + ")";
            }
            type = parsed.get();
        }
        return new Placeholder(path, type);
    }

    /** If the whole string is one placeholder: its path and type name (null if none). */
    static Optional<String[]> whole(String text) {
        Matcher m = WHOLE.matcher(text);
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }

    @Override
    public String toString() {
        return "{{" + path + (type == null ? "" : ":" + type.wireName()) + "}}";
    }
}
