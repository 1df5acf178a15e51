package org.opmas.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.schema.CloudEvents;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The CloudEvents attributes OPMAS uses, as carried in Kafka headers (binary mode). Read with
 * {@link #fromHeaders}: every attribute may be null, because external producers (Vector, Fluent
 * Bit) may send no headers at all; a present but unparseable {@code ce_time} also reads as null.
 */
public record CloudEventAttributes(String id, String type, String source, Instant time) {

    /** Attributes for a new event: a random id and the current time. */
    public static CloudEventAttributes newEvent(String type, String source) {
        return new CloudEventAttributes(UUID.randomUUID().toString(), type, source, Instant.now());
    }

    public static CloudEventAttributes of(UUID id, String type, String source, Instant time) {
        return new CloudEventAttributes(id == null ? null : id.toString(), type, source, time);
    }

    public static CloudEventAttributes fromHeaders(Headers headers) {
        if (headers == null) {
            return new CloudEventAttributes(null, null, null, null);
        }
        return new CloudEventAttributes(
                text(headers, CloudEvents.ID),
                text(headers, CloudEvents.TYPE),
                text(headers, CloudEvents.SOURCE),
                parseTime(text(headers, CloudEvents.TIME)));
    }

    /** From an incoming Kafka message; all null for a message that did not come from Kafka. */
    public static CloudEventAttributes fromMessage(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> fromHeaders(metadata.getHeaders()))
                .orElseGet(() -> new CloudEventAttributes(null, null, null, null));
    }

    /** The id as a UUID if it is one; OPMAS producers always send UUIDs, others may not. */
    public Optional<UUID> idAsUuid() {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<String> typeOrEmpty() {
        return Optional.ofNullable(type);
    }

    /** True when none of the attributes was sent. */
    public boolean isEmpty() {
        return id == null && type == null && source == null && time == null;
    }

    /**
     * RFC 3339 as CloudEvents requires; offsets other than Z are accepted and normalised. Null for
     * anything else, since an event with a bad time is still an event.
     */
    static Instant parseTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        return value.isEmpty() ? null : value;
    }
}
