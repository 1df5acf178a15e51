package org.opmas.agent.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.opmas.common.rest.FieldError;
import org.opmas.common.rest.JsonErrors;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.Severity;

/**
 * Turns a stored or submitted rule into a {@link CompiledRule}, or rejects it with errors naming
 * the JSON path ({@code conditions.window_seconds}, {@code conditions.first.message_regex}, ...).
 * The same code validates writes, loads rules for the engine and serves the preview, so a rule the
 * API accepted is exactly the rule the engine runs.
 */
public final class RuleCompiler {

    public static final int MAX_WINDOW_SECONDS = 7 * 24 * 3600;
    public static final int MAX_THRESHOLD = 10_000;
    public static final int MAX_SAMPLES = 10_000;
    public static final int MAX_REGEX_CHARS = 2_000;

    /** Event fields a rule can group by or quote in its description. */
    public static final Set<String> EVENT_FIELDS = Set.of("device_id", "hostname", "source_ip", "program", "facility",
            "severity");

    private static final Set<String> COMMON = Set.of("program", "facility", "max_severity", "message_regex",
            "exclude_regex", "group_by", "cooldown_seconds", "shadow");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private static final ObjectMapper STRICT = strictMapper();

    private RuleCompiler() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper m = EventJson.mapper().copy();
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // "5" is not a number and 1.5 is not a count: no silent coercion of rule parameters
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return m;
    }

    /** Compiles or throws {@link InvalidRuleException} listing every problem found. */
    public static CompiledRule compile(RuleSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        RuleType type = RuleType.fromWire(spec.ruleType()).orElse(null);
        if (type == null) {
            errors.add(new FieldError("rule_type", "must be one of [match, threshold, aggregate, sequence, absence]"));
        }
        RuleConditions c = read(spec.conditions(), RuleConditions.class, "conditions", errors);
        RuleActions a = read(spec.actions(), RuleActions.class, "actions", errors);
        if (c == null || a == null || type == null) {
            if (c == null && spec.conditions() == null) {
                errors.add(new FieldError("conditions", "is required"));
            }
            if (a == null && spec.actions() == null) {
                errors.add(new FieldError("actions", "is required"));
            }
            throw new InvalidRuleException(errors);
        }
        CompiledRule rule = new Builder(spec, type, c, a, errors).build();
        if (!errors.isEmpty()) {
            throw new InvalidRuleException(errors);
        }
        return rule;
    }

    private static <T> T read(JsonNode node, Class<T> type, String root, List<FieldError> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(root, "must be an object"));
            return null;
        }
        try {
            return STRICT.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            String path = e instanceof JsonMappingException jm ? JsonErrors.path(jm) : null;
            String field = path == null || path.isEmpty() ? root : root + "." + path;
            String message;
            if (e instanceof UnrecognizedPropertyException) {
                message = "unknown field";
            } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
                message = "has the wrong type";
            } else {
                message = "is invalid";
            }
            errors.add(new FieldError(field, message));
            return null;
        }
    }

    private static final class Builder {
        final RuleSpec spec;
        final RuleType type;
        final RuleConditions c;
        final RuleActions a;
        final List<FieldError> errors;

        Builder(RuleSpec spec, RuleType type, RuleConditions c, RuleActions a, List<FieldError> errors) {
            this.spec = spec;
            this.type = type;
            this.c = c;
            this.a = a;
            this.errors = errors;
        }

        CompiledRule build() {
            rejectForeignFields();
            EventFilter filter = filter("conditions", c.program(), c.facility(), c.maxSeverity(), c.messageRegex(),
                    c.excludeRegex());
            Set<String> captured = new LinkedHashSet<>(filter.groupNames());
            long cooldown = seconds("conditions.cooldown_seconds", c.cooldownSeconds(), 0, false) * 1000L;
            int threshold = 0;
            long window = 0;
            String valueName = null;
            CompiledRule.AggregateFunction function = null;
            CompiledRule.Comparison operator = null;
            double bound = 0;
            int minSamples = 0;
            EventFilter first = null;
            EventFilter then = null;
            int firstCount = 0;
            boolean thenMissing = false;
            Set<String> facts = new LinkedHashSet<>(Set.of("rule", "agent"));
            switch (type) {
                case MATCH -> facts.add("message");
                case THRESHOLD -> {
                    threshold = count("conditions.threshold", c.threshold(), MAX_THRESHOLD, true);
                    window = seconds("conditions.window_seconds", c.windowSeconds(), 1, true) * 1000L;
                    facts.addAll(List.of("count", "threshold", "window_seconds"));
                }
                case AGGREGATE -> {
                    window = seconds("conditions.window_seconds", c.windowSeconds(), 1, true) * 1000L;
                    minSamples = c.minSamples() == null ? 1 : count("conditions.min_samples", c.minSamples(), MAX_SAMPLES, true);
                    valueName = c.value();
                    if (valueName == null) {
                        errors.add(new FieldError("conditions.value", "is required: the named regex group holding the number"));
                    } else if (!captured.contains(valueName)) {
                        errors.add(new FieldError("conditions.value",
                                "must name a group of conditions.message_regex, one of " + captured));
                    }
                    function = enumValue("conditions.function", c.function(), CompiledRule.AggregateFunction.class);
                    operator = enumValue("conditions.operator", c.operator(), CompiledRule.Comparison.class);
                    if (c.bound() == null) {
                        errors.add(new FieldError("conditions.bound", "is required"));
                    } else if (c.bound().isNaN() || c.bound().isInfinite()) {
                        errors.add(new FieldError("conditions.bound", "must be a finite number"));
                    } else {
                        bound = c.bound();
                    }
                    facts.addAll(List.of("aggregate", "function", "bound", "samples", "window_seconds"));
                }
                case SEQUENCE -> {
                    window = seconds("conditions.within_seconds", c.withinSeconds(), 1, true) * 1000L;
                    if (c.mode() != null && !c.mode().equals("a_then_b") && !c.mode().equals("a_without_b")) {
                        errors.add(new FieldError("conditions.mode", "must be one of [a_then_b, a_without_b]"));
                    }
                    thenMissing = "a_without_b".equals(c.mode());
                    firstCount = c.firstCount() == null ? 1 : count("conditions.first_count", c.firstCount(), MAX_THRESHOLD, true);
                    first = step("conditions.first", c.first());
                    then = step("conditions.then", c.then());
                    if (first != null && then != null) {
                        // a group-by value must be captured by both steps, or A and B would never share a key
                        for (int i = 0; c.groupBy() != null && i < c.groupBy().size(); i++) {
                            String g = c.groupBy().get(i);
                            if (!EVENT_FIELDS.contains(g) && !(first.groupNames().contains(g) && then.groupNames().contains(g))) {
                                errors.add(new FieldError("conditions.group_by[" + i + "]",
                                        "must be an event field " + sorted(EVENT_FIELDS)
                                                + " or a named group defined in both conditions.first and conditions.then"));
                            }
                        }
                        captured.addAll(first.groupNames());
                        captured.addAll(then.groupNames());
                    }
                    facts.addAll(List.of("count", "first_count", "within_seconds"));
                }
                case ABSENCE -> {
                    window = seconds("conditions.silence_seconds", c.silenceSeconds(), 1, true) * 1000L;
                    facts.addAll(List.of("silence_seconds", "last_seen_at"));
                }
            }
            List<String> groupBy = c.groupBy() == null ? List.of() : List.copyOf(c.groupBy());
            if (type != RuleType.SEQUENCE) {
                for (int i = 0; i < groupBy.size(); i++) {
                    String g = groupBy.get(i);
                    if (g == null || (!EVENT_FIELDS.contains(g) && !captured.contains(g))) {
                        errors.add(new FieldError("conditions.group_by[" + i + "]", "must be an event field "
                                + sorted(EVENT_FIELDS) + " or a named group of conditions.message_regex " + captured));
                    }
                }
            }
            if (new HashSet<>(groupBy).size() != groupBy.size()) {
                errors.add(new FieldError("conditions.group_by", "must not repeat a field"));
            }
            Severity severity = null;
            if (a.severity() == null) {
                errors.add(new FieldError("actions.severity", "is required"));
            } else {
                severity = java.util.Arrays.stream(Severity.values()).filter(v -> v.wire().equals(a.severity())).findFirst()
                        .orElse(null);
                if (severity == null) {
                    errors.add(new FieldError("actions.severity", "must be one of [info, warning, error, critical]"));
                }
            }
            if (a.findingType() == null || a.findingType().isBlank()) {
                errors.add(new FieldError("actions.finding_type", "is required"));
            } else if (!a.findingType().matches("[a-z][a-z0-9_]{0,49}")) {
                errors.add(new FieldError("actions.finding_type", "must be 1-50 chars of [a-z0-9_], starting with a letter"));
            }
            if (a.description() == null || a.description().isBlank()) {
                errors.add(new FieldError("actions.description", "is required"));
            } else if (a.description().length() > 4096) {
                errors.add(new FieldError("actions.description", "must be at most 4096 characters"));
            } else {
                Set<String> known = new LinkedHashSet<>(EVENT_FIELDS);
                known.addAll(captured);
                known.addAll(facts);
                Matcher m = PLACEHOLDER.matcher(a.description());
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        errors.add(new FieldError("actions.description", "unknown placeholder {" + m.group(1)
                                + "}; available: " + known));
                        break;
                    }
                }
            }
            if (!errors.isEmpty()) {
                return null;
            }
            return new CompiledRule(spec.ruleId(), spec.ruleName(), spec.agentId(), spec.agentName(), spec.priority(),
                    type, spec.version(), filter, groupBy, cooldown, Boolean.TRUE.equals(c.shadow()), threshold, window,
                    valueName, function, operator, bound, minSamples, first, firstCount, then, thenMissing, a.findingType(), severity,
                    a.description());
        }

        private void rejectForeignFields() {
            Set<String> allowed = new HashSet<>(COMMON);
            switch (type) {
                case MATCH -> { }
                case THRESHOLD -> allowed.addAll(List.of("threshold", "window_seconds"));
                case AGGREGATE -> allowed.addAll(List.of("value", "function", "operator", "bound", "min_samples",
                        "window_seconds"));
                case SEQUENCE -> {
                    allowed.removeAll(List.of("message_regex", "exclude_regex"));
                    allowed.addAll(List.of("first", "first_count", "then", "within_seconds", "mode"));
                }
                case ABSENCE -> {
                    allowed.remove("group_by");
                    allowed.add("silence_seconds");
                }
            }
            spec.conditions().fieldNames().forEachRemaining(name -> {
                if (!allowed.contains(name)) {
                    errors.add(new FieldError("conditions." + name, "is not allowed for rule_type " + type.wire()
                            + " (allowed: " + sorted(allowed) + ")"));
                }
            });
        }

        private EventFilter step(String path, StepFilter step) {
            if (step == null) {
                errors.add(new FieldError(path, "is required"));
                return null;
            }
            if (step.messageRegex() == null) {
                errors.add(new FieldError(path + ".message_regex", "is required"));
            }
            return filter(path, step.program() != null ? step.program() : c.program(), c.facility(), c.maxSeverity(),
                    step.messageRegex(), step.excludeRegex());
        }

        private EventFilter filter(String path, List<String> program, List<Integer> facility, Integer maxSeverity,
                String messageRegex, String excludeRegex) {
            Set<String> programs = null;
            if (program != null) {
                programs = new HashSet<>();
                for (int i = 0; i < program.size(); i++) {
                    String p = program.get(i);
                    if (p == null || p.isBlank() || p.length() > 255) {
                        errors.add(new FieldError(path + ".program[" + i + "]", "must be a program name (1-255 chars)"));
                    } else {
                        programs.add(p.toLowerCase(Locale.ROOT));
                    }
                }
                if (program.isEmpty()) {
                    errors.add(new FieldError(path + ".program", "must not be empty (leave it out to match any program)"));
                }
            }
            Set<Integer> facilities = null;
            if (facility != null) {
                facilities = new HashSet<>();
                for (int i = 0; i < facility.size(); i++) {
                    Integer f = facility.get(i);
                    if (f == null || f < 0 || f > 23) {
                        errors.add(new FieldError("conditions.facility[" + i + "]", "must be a syslog facility 0-23"));
                    } else {
                        facilities.add(f);
                    }
                }
            }
            if (maxSeverity != null && (maxSeverity < 0 || maxSeverity > 7)) {
                errors.add(new FieldError("conditions.max_severity", "must be a syslog severity 0-7"));
            }
            NamedGroups message = null;
            if (messageRegex != null) {
                message = regex(path + ".message_regex", messageRegex);
            }
            Pattern exclude = null;
            if (excludeRegex != null) {
                NamedGroups ex = regex(path + ".exclude_regex", excludeRegex);
                exclude = ex == null ? null : ex.pattern();
            }
            return new EventFilter(programs, facilities, maxSeverity, message, exclude);
        }

        private NamedGroups regex(String path, String regex) {
            if (regex.isEmpty() || regex.length() > MAX_REGEX_CHARS) {
                errors.add(new FieldError(path, "must be 1-" + MAX_REGEX_CHARS + " characters"));
                return null;
            }
            try {
                return NamedGroups.compile(regex);
            } catch (PatternSyntaxException e) {
                errors.add(new FieldError(path, "does not compile: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")));
                return null;
            }
        }

        private int seconds(String path, Integer value, int min, boolean required) {
            if (value == null) {
                if (required) {
                    errors.add(new FieldError(path, "is required"));
                }
                return 0;
            }
            if (value < min || value > MAX_WINDOW_SECONDS) {
                errors.add(new FieldError(path, "must be between " + min + " and " + MAX_WINDOW_SECONDS + " seconds"));
                return 0;
            }
            return value;
        }

        private int count(String path, Integer value, int max, boolean required) {
            if (value == null) {
                if (required) {
                    errors.add(new FieldError(path, "is required"));
                }
                return 0;
            }
            if (value < 1 || value > max) {
                errors.add(new FieldError(path, "must be between 1 and " + max));
                return 0;
            }
            return value;
        }

        private <E extends Enum<E>> E enumValue(String path, String value, Class<E> type) {
            String allowed = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ", "[", "]"));
            if (value == null) {
                errors.add(new FieldError(path, "is required, one of " + allowed));
                return null;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(path, "must be one of " + allowed));
                return null;
            }
        }
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
