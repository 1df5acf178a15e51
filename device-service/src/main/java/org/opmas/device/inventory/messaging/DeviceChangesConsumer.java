package org.opmas.device.inventory.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.device.inventory.service.InMemoryDeviceDirectory;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DeviceChangedEvent;
import org.opmas.schema.validation.EventValidationException;
import org.opmas.schema.validation.ValidationResult;
import org.opmas.schema.validation.EventValidator;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Applies {@code opmas.devices} to this replica's directory, so a change made through another
 * replica reaches its ingest path. Each replica reads with its own consumer group (every replica
 * needs every change). Applying is idempotent (entries only move forward in updated_at).
 */
@ApplicationScoped
public class DeviceChangesConsumer {

    public static final String CHANNEL = "device-changes";

    private final InMemoryDeviceDirectory directory;
    private final DeadLetterPublisher deadLetters;

    public DeviceChangesConsumer(InMemoryDeviceDirectory directory, DeadLetterPublisher deadLetters) {
        this.directory = directory;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> message) {
        byte[] value = message.getPayload();
        if (value == null) {
            return ack(message); // compaction tombstone
        }
        String ceType = header(message, CloudEvents.TYPE);
        if (ceType == null || !CloudEvents.typesOn(Topics.DEVICES).contains(ceType)) {
            return deadLetters.publishAndAck(message, DeadLetterReason.UNSUPPORTED_TYPE,
                    "ce_type " + (ceType == null ? "is missing" : "'" + ceType + "' does not belong on " + Topics.DEVICES),
                    null);
        }
        ValidationResult result = EventValidator.shared().validate(ceType, value);
        if (!result.isValid()) {
            EventValidationException failure = new EventValidationException(result);
            return deadLetters.publishAndAck(message, DeadLetterReason.SCHEMA_VIOLATION, failure.getMessage(), failure);
        }
        DeviceChangedEvent event = EventJson.fromTree(result.payload(), DeviceChangedEvent.class);
        try {
            directory.apply(event);
        } catch (RuntimeException e) {
            Log.warnf("Cannot apply %s for device %d: %s", ceType, event.deviceId(), e.getMessage());
            return deadLetters.publishAndAck(message, DeadLetterReason.UNPROCESSABLE, e.getMessage(), e);
        }
        return ack(message);
    }

    private static Uni<Void> ack(Message<?> message) {
        CompletionStage<Void> ack = message.ack();
        return Uni.createFrom().completionStage(ack);
    }

    private static String header(Message<?> message, String name) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(name))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
