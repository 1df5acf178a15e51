package org.opmas.finding.finding.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.validation.EventValidationException;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

/**
 * The consuming steps of docs/EVENTS.md for one record: ce_type from the headers, the type must
 * be the one expected on this topic, the value must pass the event's JSON Schema; then the payload
 * is mapped without a second parse. A rejection carries what the dead letter needs.
 */
public final class EventDecoder {

    private EventDecoder() {
    }

    /** Either {@code event} or ({@code reasonClass}, {@code reason}). */
    public record Decoded<T>(T event, DeadLetterReason reasonClass, String reason, Throwable failure) {
        public boolean ok() {
            return event != null;
        }
    }

    public static <T> Decoded<T> decode(Headers headers, byte[] value, String expectedType, Class<T> type) {
        String ceType = header(headers, CloudEvents.TYPE);
        if (ceType == null) {
            return new Decoded<>(null, DeadLetterReason.UNSUPPORTED_TYPE, "missing ce_type header (expected "
                    + expectedType + ")", null);
        }
        if (!expectedType.equals(ceType)) {
            return new Decoded<>(null, DeadLetterReason.UNSUPPORTED_TYPE, "ce_type " + ceType
                    + " does not belong here (expected " + expectedType + ")", null);
        }
        ValidationResult result = EventValidator.shared().validate(ceType, value == null ? new byte[0] : value);
        if (!result.isValid()) {
            DeadLetterReason reasonClass = result.payload() == null ? DeadLetterReason.INVALID_JSON
                    : DeadLetterReason.SCHEMA_VIOLATION;
            EventValidationException failure = new EventValidationException(result);
            return new Decoded<>(null, reasonClass, failure.getMessage(), failure);
        }
        return new Decoded<>(EventJson.fromTree(result.payload(), type), null, null, null);
    }

    static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
