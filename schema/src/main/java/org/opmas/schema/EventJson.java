package org.opmas.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for OPMAS events. Use it to write every event payload and to read
 * every payload after {@link org.opmas.schema.validation.EventValidator} has accepted it.
 *
 * <ul>
 * <li>{@code java.time} via {@link JavaTimeModule}; {@code Instant}s are written as ISO-8601 UTC
 * strings ({@code 2026-11-27T22:45:49.123Z}), never as numbers. Offsets on input
 * ({@code +02:00}) are accepted and normalised to UTC. The usual UTC form is read and written
 * without {@code DateTimeFormatter} ({@link InstantJson}), with the same results.</li>
 * <li><b>Inclusion: NON_NULL.</b> A null field is left out of the JSON. Every schema therefore
 * treats "absent" and "null" the same for nullable fields, and a field is in the schema's
 * {@code required} list only if it can never be null. (Free-form objects such as
 * {@code details} are written as they are, nulls inside included.)</li>
 * <li>Unknown properties are ignored when reading into a record (tolerant reader): the schema is
 * the gate, not the record.</li>
 * <li>Strict input: duplicate keys and trailing tokens after the JSON value are errors.</li>
 * </ul>
 *
 * <p>The mapper is thread-safe and shared; do not reconfigure it. Record classes carry their own
 * {@code @JsonNaming(SnakeCaseStrategy)}, so another mapper (e.g. Quarkus') also writes snake_case.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private EventJson() {
    }

    /**
     * Applies the OPMAS event settings to a builder (for a service that needs its own mapper instance
     * for events, e.g. with extra modules).
     */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .addModule(InstantJson.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .defaultTimeZone(java.util.TimeZone.getTimeZone("UTC"))
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The shared, configured mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes an event (or any value) to UTF-8 JSON bytes. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + typeName(value), e);
        }
    }

    /** Serializes an event to a JSON string. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + typeName(value), e);
        }
    }

    /** Reads UTF-8 JSON bytes into {@code type}; {@link UncheckedIOException} on bad input. */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + ": " + message(e), e);
        }
    }

    /** Reads a JSON string into {@code type}; {@link UncheckedIOException} on bad input. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + ": " + message(e), e);
        }
    }

    /**
     * Converts an already parsed (and validated) tree into {@code type}, e.g.
     * {@code EventJson.fromTree(result.payload(), DeviceLogEvent.class)}.
     */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + ": " + message(e), e);
        }
    }

    /** An event as a tree (for validation before sending). */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Parses UTF-8 JSON bytes into a tree. Empty input gives a {@code MissingNode}; malformed input,
     * duplicate keys or trailing data throw.
     */
    public static JsonNode readTree(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * An instant as event JSON writes it ({@code 2026-11-27T22:45:49.123Z}; the same text as
     * {@link Instant#toString()}), e.g. for the {@code ce_time} header of every record.
     */
    public static String formatInstant(Instant instant) {
        String text = InstantJson.formatCanonical(instant);
        return text != null ? text : instant.toString();
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** Jackson's message without the source location noise. */
    static String message(IOException e) {
        if (e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null) {
            return jpe.getOriginalMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
