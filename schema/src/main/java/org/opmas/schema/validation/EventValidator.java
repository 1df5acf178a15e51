package org.opmas.schema.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;

/**
 * Validates event payloads against their JSON Schema (draft 2020-12, formats asserted).
 *
 * <p>Every schema is loaded and compiled once, in the constructor; {@link #shared()} gives the
 * process-wide instance. {@code validate} is thread-safe, never throws for bad input (invalid JSON,
 * unknown ce_type, null) and returns a {@link ValidationResult} whose errors name the JSON path:
 * {@code $.severity: must be one of [info, warning, error, critical]}.
 *
 * <p>Besides the schema, it checks that the payload's {@code type} matches the ce_type where the
 * ce_type implies one (e.g. {@code org.opmas.finding.resolved.v1} requires {@code "type": "resolved"}).
 */
public final class EventValidator {

    private static final AtomicInteger SCHEMA_LOADS = new AtomicInteger();
    private static final java.util.regex.Pattern SIMPLE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final class Holder {
        static final EventValidator SHARED = new EventValidator();
    }

    private record Entry(JsonSchema schema, String discriminator) {
    }

    private final Map<String, Entry> byType;

    /** Loads and compiles every schema listed in {@link CloudEvents#types()}. Prefer {@link #shared()}. */
    public EventValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .locale(Locale.ENGLISH)
                .typeLoose(false)
                .failFast(false)
                .build();
        Map<String, JsonSchema> bySchemaResource = new HashMap<>();
        Map<String, Entry> m = new LinkedHashMap<>();
        for (CloudEvents.EventType t : CloudEvents.types().values()) {
            JsonSchema schema = bySchemaResource.computeIfAbsent(t.schema(), r -> load(factory, config, r));
            m.put(t.type(), new Entry(schema, t.discriminator()));
        }
        this.byType = java.util.Collections.unmodifiableMap(m);
    }

    /** The process-wide validator (built on first use). */
    public static EventValidator shared() {
        return Holder.SHARED;
    }

    /** How many schema files have been loaded in this JVM (for tests: it must not grow per call). */
    public static int schemaLoads() {
        return SCHEMA_LOADS.get();
    }

    /** The ce_types this validator knows. */
    public Set<String> eventTypes() {
        return byType.keySet();
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String resource) {
        ClassLoader cl = EventValidator.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema not on classpath: " + resource);
            }
            JsonSchema schema = factory.getSchema(in, config);
            schema.initializeValidators(); // resolve $refs now, not on the first event
            SCHEMA_LOADS.incrementAndGet();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    /** Validates UTF-8 JSON bytes (a Kafka record value) as an event of type {@code eventType}. */
    public ValidationResult validate(String eventType, byte[] json) {
        if (json == null || json.length == 0) {
            return ValidationResult.invalid(eventType, List.of("$: empty payload (expected a JSON object)"), null);
        }
        JsonNode node;
        try {
            node = EventJson.readTree(json);
        } catch (IOException | RuntimeException e) {
            return ValidationResult.invalid(eventType, List.of(invalidJson(e)), null);
        }
        return validate(eventType, node);
    }

    /** Validates a parsed payload as an event of type {@code eventType}. */
    public ValidationResult validate(String eventType, JsonNode payload) {
        if (eventType == null || eventType.isBlank()) {
            return ValidationResult.invalid(eventType, List.of("ce_type: missing"), payload);
        }
        Entry entry = byType.get(eventType);
        if (entry == null) {
            return ValidationResult.invalid(eventType, List.of("ce_type: unknown event type '" + oneLine(eventType)
                    + "' (known: " + String.join(", ", byType.keySet()) + ")"), payload);
        }
        if (payload == null || payload.isMissingNode()) {
            return ValidationResult.invalid(eventType, List.of("$: empty payload (expected a JSON object)"), null);
        }
        Set<ValidationMessage> messages;
        try {
            messages = entry.schema().validate(payload);
        } catch (RuntimeException e) {
            return ValidationResult.invalid(eventType, List.of("$: validation failed: " + oneLine(String.valueOf(e.getMessage()))),
                    payload);
        }
        List<String> errors = messages.isEmpty() ? new ArrayList<>(0) : format(messages);
        if (entry.discriminator() != null && errors.isEmpty()) {
            JsonNode type = payload.get("type");
            if (type == null || !entry.discriminator().equals(type.asText())) {
                errors.add("$.type: must be \"" + entry.discriminator() + "\" for ce_type " + eventType);
            }
        }
        return errors.isEmpty() ? ValidationResult.ok(eventType, payload)
                : ValidationResult.invalid(eventType, errors, payload);
    }

    /** Validates an event record (e.g. before publishing it). */
    public ValidationResult validate(org.opmas.schema.events.OpmasEvent event) {
        return validate(event.eventType(), EventJson.toTree(event));
    }

    // ---- message formatting ------------------------------------------------------------------

    private static List<String> format(Collection<ValidationMessage> messages) {
        List<String> out = new ArrayList<>(messages.size());
        // The failed branches of one anyOf/oneOf at one location are merged into one readable error.
        Map<String, List<ValidationMessage>> alternatives = new LinkedHashMap<>();
        for (ValidationMessage m : messages) {
            String eval = String.valueOf(m.getEvaluationPath());
            int at = Math.max(eval.lastIndexOf(".anyOf["), eval.lastIndexOf(".oneOf["));
            if (at < 0) {
                out.add(format(m));
                continue;
            }
            int close = eval.indexOf(']', at);
            String suffix = close < 0 ? "" : eval.substring(close + 1);
            String inst = String.valueOf(m.getInstanceLocation());
            String anyOfInstance = suffix.startsWith(".properties.") ? parent(inst) : inst;
            alternatives.computeIfAbsent(eval.substring(0, at) + "|" + anyOfInstance, k -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<String, List<ValidationMessage>> e : alternatives.entrySet()) {
            List<ValidationMessage> group = e.getValue();
            String anyOfInstance = e.getKey().substring(e.getKey().indexOf('|') + 1);
            if (group.size() > 1 && group.stream().allMatch(m -> "format".equals(m.getType()))) {
                List<String> formats = new ArrayList<>();
                group.forEach(m -> addOnce(formats, arg(m, 0)));
                out.add(anyOfInstance + ": must be a valid " + String.join(" or ", formats));
            } else if (group.size() > 1 && group.stream().allMatch(EventValidator::isMissing)) {
                List<String> names = new ArrayList<>();
                group.forEach(m -> addOnce(names, "required".equals(m.getType()) ? m.getProperty()
                        : lastSegment(String.valueOf(m.getInstanceLocation()))));
                out.add(anyOfInstance + ": one of " + names + " is required");
            } else {
                group.forEach(m -> out.add(format(m)));
            }
        }
        return out;
    }

    /** A "required" error, or a "type" error on a null value (a nullable field that is null counts as missing). */
    private static boolean isMissing(ValidationMessage m) {
        return "required".equals(m.getType())
                || "type".equals(m.getType()) && m.getInstanceNode() != null && m.getInstanceNode().isNull();
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? "$" : path.substring(0, cut);
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String format(ValidationMessage m) {
        String loc = String.valueOf(m.getInstanceLocation());
        String type = m.getType() == null ? "" : m.getType();
        switch (type) {
            case "required":
                return child(loc, m.getProperty()) + ": is required";
            case "additionalProperties":
                return child(loc, m.getProperty()) + ": is not allowed (unknown field)";
            case "enum":
                return loc + ": must be one of " + enumValues(m.getSchemaNode()) + ", got " + shortValue(m.getInstanceNode());
            case "const":
                return loc + ": must be " + shortValue(m.getSchemaNode());
            case "type":
                return loc + ": must be " + expectedTypes(m.getSchemaNode()) + ", got " + arg(m, 0);
            case "format":
                return loc + ": must be a valid " + arg(m, 0) + ", got " + shortValue(m.getInstanceNode());
            case "minimum":
                return loc + ": must be >= " + arg(m, 0) + ", got " + shortValue(m.getInstanceNode());
            case "maximum":
                return loc + ": must be <= " + arg(m, 0) + ", got " + shortValue(m.getInstanceNode());
            case "minLength":
                return loc + ": must be at least " + arg(m, 0) + " characters long";
            case "maxLength":
                return loc + ": must be at most " + arg(m, 0) + " characters long";
            case "maxItems":
                return loc + ": must have at most " + arg(m, 0) + " items";
            case "minItems":
                return loc + ": must have at least " + arg(m, 0) + " items";
            case "maxProperties":
                return loc + ": must have at most " + arg(m, 0) + " properties";
            default:
                return oneLine(m.getMessage());
        }
    }

    private static String child(String loc, String property) {
        if (property == null) {
            return loc;
        }
        return SIMPLE_NAME.matcher(property).matches() ? loc + "." + property : loc + "['" + property + "']";
    }

    private static String arg(ValidationMessage m, int i) {
        Object[] args = m.getArguments();
        return args != null && args.length > i ? String.valueOf(args[i]) : "?";
    }

    private static String enumValues(JsonNode schemaNode) {
        if (schemaNode == null || !schemaNode.isArray()) {
            return String.valueOf(schemaNode);
        }
        List<String> values = new ArrayList<>();
        schemaNode.forEach(v -> values.add(v.isNull() ? "null" : v.isTextual() ? v.asText() : v.toString()));
        return values.toString();
    }

    private static String expectedTypes(JsonNode schemaNode) {
        if (schemaNode == null) {
            return "?";
        }
        if (schemaNode.isArray()) {
            List<String> values = new ArrayList<>();
            schemaNode.forEach(v -> values.add(v.asText()));
            return String.join(" or ", values);
        }
        return schemaNode.asText();
    }

    /** The offending value, quoted and cut, for error messages (it may come from an untrusted producer). */
    private static String shortValue(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        String s = value.isTextual() ? '"' + value.asText() + '"' : value.toString();
        return oneLine(s.length() > 64 ? s.substring(0, 61) + "..." : s);
    }

    /** "$: invalid JSON at line L, column C: <parser message>" without Jackson's source-location noise. */
    private static String invalidJson(Exception e) {
        String msg = String.valueOf(e.getMessage());
        String where = "";
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
            if (jpe.getOriginalMessage() != null) {
                msg = jpe.getOriginalMessage();
            }
            com.fasterxml.jackson.core.JsonLocation loc = jpe.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                where = " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            }
        }
        int noise = msg.indexOf(" (start marker at");
        if (noise > 0) {
            msg = msg.substring(0, noise);
        }
        msg = oneLine(msg);
        if (msg.length() > 300) {
            msg = msg.substring(0, 297) + "...";
        }
        return "$: invalid JSON" + where + ": " + msg;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
