package org.opmas.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

class CloudEventsTest {

    static Map<String, String> asMap(Headers headers) {
        Map<String, String> map = new HashMap<>();
        for (Header header : headers) {
            map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

    @Test
    void outgoingMetadataCarriesKeyTopicAndBinaryModeHeaders() {
        UUID id = UUID.fromString("0b0f3c52-6a1e-4f0b-9a43-8f1e2c7d9b10");
        Instant time = Instant.parse("2026-11-27T22:45:49.123Z");
        OutgoingKafkaRecordMetadata<String> metadata = KafkaCloudEvents.metadata("opmas.devices", "42",
                CloudEventAttributes.of(id, "org.opmas.device.upserted.v1", "/opmas/device-service", time));

        assertThat(metadata.getTopic()).isEqualTo("opmas.devices");
        assertThat(metadata.getKey()).isEqualTo("42");
        assertThat(asMap(metadata.getHeaders())).containsOnly(
                Map.entry("ce_id", id.toString()),
                Map.entry("ce_type", "org.opmas.device.upserted.v1"),
                Map.entry("ce_source", "/opmas/device-service"),
                Map.entry("ce_time", "2026-11-27T22:45:49.123Z"),
                Map.entry("ce_specversion", "1.0"),
                Map.entry("content-type", "application/json"));
    }

    @Test
    void messageHasThePayloadAndTheMetadata() {
        Message<String> message = KafkaCloudEvents.message("{\"a\":1}", null, "7",
                CloudEventAttributes.newEvent("t", "/s"));
        assertThat(message.getPayload()).isEqualTo("{\"a\":1}");
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow();
        assertThat(metadata.getTopic()).isNull();
        assertThat(metadata.getKey()).isEqualTo("7");
        assertThat(CloudEventAttributes.fromHeaders(metadata.getHeaders()).idAsUuid()).isPresent();
    }

    @Test
    void readingRoundTrips() {
        CloudEventAttributes sent = CloudEventAttributes.newEvent("org.opmas.finding.created.v1", "/opmas/x");
        CloudEventAttributes read = CloudEventAttributes.fromHeaders(KafkaCloudEvents.headers(sent));
        assertThat(read).isEqualTo(sent);
    }

    @Test
    void missingHeadersReadAsNulls() {
        assertThat(CloudEventAttributes.fromHeaders(new RecordHeaders()).isEmpty()).isTrue();
        assertThat(CloudEventAttributes.fromHeaders(null).isEmpty()).isTrue();
        assertThat(CloudEventAttributes.fromMessage(Message.of("x")).isEmpty()).isTrue();
    }

    @Test
    void partialAndOddHeadersAreTolerated() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "not-a-uuid".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", "  ".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        CloudEventAttributes read = CloudEventAttributes.fromHeaders(headers);
        assertThat(read).isEqualTo(new CloudEventAttributes("not-a-uuid", null, null, null));
        assertThat(read.idAsUuid()).isEmpty();
    }

    @Test
    void timeWithOffsetIsNormalisedToUtc() {
        assertThat(CloudEventAttributes.parseTime("2026-11-27T23:45:49+01:00"))
                .isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
        assertThat(CloudEventAttributes.parseTime("2026-11-27T22:45:49.5Z"))
                .isEqualTo(Instant.parse("2026-11-27T22:45:49.500Z"));
    }

    @Test
    void fromIncomingKafkaMessage() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("opmas.device.logs", 0, 5L, "r1", "{}");
        record.headers().add("ce_type", "org.opmas.device.log.v1".getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of("{}").addMetadata(new IncomingKafkaRecordMetadata<>(record, "logs"));
        assertThat(CloudEventAttributes.fromMessage(message).type()).isEqualTo("org.opmas.device.log.v1");
    }
}
