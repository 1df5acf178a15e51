package org.opmas.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.OpmasEvent;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Outgoing Kafka records in CloudEvents binary mode: key = device id, headers {@code ce_id,
 * ce_type, ce_source, ce_time, ce_specversion, content-type}, value = the JSON event. Attach the
 * metadata to any message sent through an emitter or returned from an {@code @Outgoing} method.
 */
public final class KafkaCloudEvents {

    private KafkaCloudEvents() {
    }

    /** The CloudEvents headers for {@code attributes}; null attributes are left out. */
    public static Headers headers(CloudEventAttributes attributes) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEvents.ID, attributes.id());
        add(headers, CloudEvents.TYPE, attributes.type());
        add(headers, CloudEvents.SOURCE, attributes.source());
        add(headers, CloudEvents.TIME, formatTime(attributes.time()));
        add(headers, CloudEvents.SPEC_VERSION_HEADER, CloudEvents.SPEC_VERSION);
        add(headers, CloudEvents.CONTENT_TYPE, CloudEvents.CONTENT_TYPE_JSON);
        return headers;
    }

    /**
     * Metadata for a record with these attributes.
     *
     * @param topic the topic, or null for the channel's configured topic
     * @param key   the Kafka key (the device id as a string)
     */
    public static <K> OutgoingKafkaRecordMetadata<K> metadata(String topic, K key, CloudEventAttributes attributes) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<K> builder =
                OutgoingKafkaRecordMetadata.<K>builder().withHeaders(headers(attributes));
        if (key != null) {
            builder.withKey(key);
        }
        if (topic != null) {
            builder.withTopic(topic);
        }
        return builder.build();
    }

    /** A message carrying {@code payload} with CloudEvents metadata. */
    public static <T> Message<T> message(T payload, String topic, String key, CloudEventAttributes attributes) {
        return Message.of(payload).addMetadata(metadata(topic, key, attributes));
    }

    /**
     * An OPMAS event as a message of JSON text, on the event's own topic, keyed by its device,
     * with {@code ce_id = event.id()} so consumers can deduplicate.
     */
    public static Message<String> message(OpmasEvent event, String source) {
        CloudEventAttributes attributes = CloudEventAttributes.of(event.id(), event.eventType(), source,
                event.eventTime() == null ? Instant.now() : event.eventTime());
        return message(EventJson.toJson(event), event.topic(), event.kafkaKey(), attributes);
    }

    /** ISO-8601 UTC ({@code 2026-11-27T22:45:49.123Z}), as {@code ce_time} requires. */
    public static String formatTime(Instant time) {
        return time == null ? null : EventJson.formatInstant(time);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
