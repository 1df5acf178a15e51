package org.opmas.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a rejected record to {@code <topic>.dlq}: the original key and value bytes and headers,
 * plus the {@link DeadLetterHeaders}. The returned {@link Uni} completes only when the broker has
 * acknowledged the dead letter, so a consumer acks the original after it and a crash in between
 * at worst duplicates the dead letter; nothing waits on the consumer's partition thread.
 *
 * <p>Channel {@value #CHANNEL}: bytes in, bytes out, topic chosen per record. Its defaults are in
 * this library's {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
@Unremovable // its emitter defines the dead-letters channel even in a service that never calls it
public class DeadLetterPublisher {

    public static final String CHANNEL = "dead-letters";

    private static final int ATTEMPTS = 5;

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;
    private final EventsConfig events;

    public DeadLetterPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<byte[]> emitter, MeterRegistry registry, EventsConfig events) {
        this.emitter = emitter;
        this.registry = registry;
        this.events = events;
    }

    /**
     * Dead-letters an incoming Kafka message, then acks it; if the dead letter cannot be written
     * after retries, nacks it instead, so the channel's failure strategy decides and the record
     * is not lost. Return this from a message-consuming {@code @Incoming} method.
     */
    public Uni<Void> publishAndAck(Message<?> original, DeadLetterReason reasonClass, String reason,
            Throwable failure) {
        return publish(original, reasonClass, reason, failure)
                .onItemOrFailure().transformToUni((ignored, error) -> error == null
                        ? Uni.createFrom().completionStage(original.ack())
                        : Uni.createFrom().completionStage(original.nack(error)));
    }

    /** Dead-letters an incoming Kafka message without acking it. */
    public Uni<Void> publish(Message<?> original, DeadLetterReason reasonClass, String reason, Throwable failure) {
        IncomingKafkaRecordMetadata<?, ?> metadata = original.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        if (metadata == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "not a Kafka message: the dead-letter topic follows from the source topic"));
        }
        Object value = metadata.getRecord() != null ? metadata.getRecord().value() : original.getPayload();
        return publish(metadata.getTopic(), metadata.getPartition(), metadata.getOffset(), metadata.getKey(), value,
                metadata.getHeaders(), reasonClass, reason, failure);
    }

    /** Dead-letters a consumer record (for consumers working on {@code ConsumerRecord}s). */
    public Uni<Void> publish(ConsumerRecord<?, ?> record, DeadLetterReason reasonClass, String reason,
            Throwable failure) {
        return publish(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                record.headers(), reasonClass, reason, failure);
    }

    /**
     * Dead-letters a record described piece by piece.
     *
     * @param value String (sent as UTF-8), byte[] (as is), null, or an object (as EventJson)
     */
    public Uni<Void> publish(String topic, Integer partition, Long offset, Object key, Object value, Headers headers,
            DeadLetterReason reasonClass, String reason, Throwable failure) {
        String dlqTopic = Topics.isDlq(topic) ? topic : Topics.dlq(topic);
        Headers dlqHeaders = DeadLetterHeaders.build(headers, topic, partition, offset, reasonClass, reason,
                events.service(), Instant.now(), failure);
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<byte[]> metadata =
                OutgoingKafkaRecordMetadata.<byte[]>builder().withTopic(dlqTopic).withHeaders(dlqHeaders);
        byte[] keyBytes = bytes(key);
        if (keyBytes != null) {
            metadata.withKey(keyBytes);
        }
        Message<byte[]> message = Message.of(valueBytes(value)).addMetadata(metadata.build());
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(ATTEMPTS - 1)
                .invoke(() -> {
                    counter(topic, reasonClass).increment();
                    Log.warnf("Dead-lettered %s[%s]@%s to %s (%s): %s", topic, partition, offset, dlqTopic,
                            reasonClass.label(), reason);
                })
                .onFailure().invoke(e -> Log.errorf(e, "Cannot dead-letter %s[%s]@%s to %s", topic, partition,
                        offset, dlqTopic));
    }

    private Counter counter(String topic, DeadLetterReason reasonClass) {
        return Counter.builder("opmas.dead.letters")
                .description("Records sent to a dead-letter topic")
                .tag("topic", topic)
                .tag("reason_class", reasonClass.label())
                .register(registry);
    }

    static byte[] bytes(Object key) {
        if (key == null) {
            return null;
        }
        if (key instanceof byte[] b) {
            return b;
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value as the bytes it most likely arrived as; an empty array stands for a null value. */
    static byte[] valueBytes(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof io.vertx.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        return EventJson.toBytes(value);
    }
}
