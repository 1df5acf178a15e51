package org.opmas.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void keepsOriginalHeadersAndAddsWhyWhereAndWhen() {
        RecordHeaders original = new RecordHeaders();
        original.add("ce_id", "abc".getBytes(StandardCharsets.UTF_8));
        original.add("dead-letter-reason", "an older failure".getBytes(StandardCharsets.UTF_8));

        Headers headers = DeadLetterHeaders.build(original, "opmas.findings", 2, 17L,
                DeadLetterReason.SCHEMA_VIOLATION, "schema: $.severity: must be one of [...]", "finding-service",
                Instant.parse("2026-11-27T22:00:00Z"),
                new IllegalArgumentException("bad", new IllegalStateException("root cause")));

        Map<String, String> map = CloudEventsTest.asMap(headers);
        assertThat(map).containsEntry("ce_id", "abc")
                .containsEntry("dead-letter-reason", "schema: $.severity: must be one of [...]")
                .containsEntry("dead-letter-reason-class", "schema-violation")
                .containsEntry("dead-letter-topic", "opmas.findings")
                .containsEntry("dead-letter-partition", "2")
                .containsEntry("dead-letter-offset", "17")
                .containsEntry("dead-letter-service", "finding-service")
                .containsEntry("dead-letter-at", "2026-11-27T22:00:00Z")
                .containsEntry("dead-letter-reason", "schema: $.severity: must be one of [...]")
                .containsEntry("dead-letter-topic", "opmas.findings")
                .containsEntry("dead-letter-partition", "2")
                .containsEntry("dead-letter-offset", "17")
                .containsEntry("dead-letter-exception-class-name", "java.lang.IllegalArgumentException")
                .containsEntry("dead-letter-cause", "root cause");
        assertThat(headers.headers("dead-letter-reason")).hasSize(1);
        assertThat(original.headers("dead-letter-reason")).hasSize(1);
    }

    @Test
    void longReasonsAreCut() {
        Headers headers = DeadLetterHeaders.build(null, "t", null, null, DeadLetterReason.INVALID_JSON,
                "x".repeat(10_000), "s", Instant.now(), null);
        assertThat(CloudEventsTest.asMap(headers).get("dead-letter-reason")).hasSize(4000).endsWith("...");
        assertThat(CloudEventsTest.asMap(headers)).doesNotContainKeys("dead-letter-partition", "dead-letter-offset");
    }

    @Test
    void valuesAreSentAsTheirBytes() {
        assertThat(DeadLetterPublisher.valueBytes("é")).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetterPublisher.valueBytes(new byte[] {1, 2})).containsExactly(1, 2);
        assertThat(DeadLetterPublisher.valueBytes(null)).isEmpty();
        assertThat(new String(DeadLetterPublisher.valueBytes(Map.of("a", 1)), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");
        assertThat(DeadLetterPublisher.bytes(42)).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetterPublisher.bytes(null)).isNull();
    }
}
