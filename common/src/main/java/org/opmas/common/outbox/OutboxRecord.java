package org.opmas.common.outbox;

import java.time.Instant;
import java.util.UUID;

/** One outbox row as the relay reads it; {@code payload} is the JSON text. */
public record OutboxRecord(long id, UUID eventId, String topic, String messageKey, String eventType, String payload,
        Instant createdAt) {
}
