package org.opmas.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.opmas.common.messaging.CloudEventAttributes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

class OutboxSqlTest {

    @Test
    void tableMustBeAnIdentifier() {
        assertThat(new OutboxSql("device_outbox").selectBatch())
                .isEqualTo("SELECT id, event_id, topic, message_key, event_type, payload::text AS payload, created_at"
                        + " FROM device_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED");
        assertThat(new OutboxSql("opmas.device_outbox").table).isEqualTo("opmas.device_outbox");
        for (String bad : new String[] {"device_outbox; drop table devices", "Device", "", "a b", "x\"y"}) {
            assertThatThrownBy(() -> new OutboxSql(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new OutboxSql(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void insertBindsPayloadAsTextCastToJsonb() {
        assertThat(new OutboxSql("finding_outbox").insert()).contains("CAST(CAST(?5 AS text) AS jsonb)")
                .startsWith("INSERT INTO finding_outbox (event_id, topic, message_key, event_type, payload)");
        assertThat(new OutboxSql("finding_outbox").insertWithTime()).contains("created_at").contains("?6");
    }

    @Test
    void payloadForms() {
        assertThat(Outbox.toJson("{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(Outbox.toJson(JsonNodeFactory.instance.objectNode().put("a", 1))).isEqualTo("{\"a\":1}");
        assertThat(Outbox.toJson(Map.of("at", Instant.parse("2026-01-01T00:00:00Z"))))
                .isEqualTo("{\"at\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void relayedMessageCarriesTheRowsAttributes() {
        UUID eventId = UUID.randomUUID();
        Instant created = Instant.parse("2026-11-27T22:45:49.123456Z");
        OutboxRecord record = new OutboxRecord(7, eventId, "opmas.findings", "42", "org.opmas.finding.created.v1",
                "{\"id\":\"x\"}", created);
        Message<String> message = OutboxRelay.toMessage(record, "/opmas/finding-service");

        assertThat(message.getPayload()).isEqualTo("{\"id\":\"x\"}");
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow();
        assertThat(metadata.getTopic()).isEqualTo("opmas.findings");
        assertThat(metadata.getKey()).isEqualTo("42");
        assertThat(CloudEventAttributes.fromHeaders(metadata.getHeaders())).isEqualTo(new CloudEventAttributes(
                eventId.toString(), "org.opmas.finding.created.v1", "/opmas/finding-service", created));
    }
}
