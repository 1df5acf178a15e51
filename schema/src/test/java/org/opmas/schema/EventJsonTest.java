package org.opmas.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class EventJsonTest {

    record Sample(Instant at, String nothing, Map<String, Object> free) {
    }

    @Test
    void instantsAreIsoUtcStringsAndNullsAreOmitted() {
        String json = EventJson.toJson(new Sample(Instant.parse("2026-11-27T22:45:49.123Z"), null, Map.of()));
        assertThat(json).isEqualTo("{\"at\":\"2026-11-27T22:45:49.123Z\",\"free\":{}}");
    }

    @Test
    void offsetsAreNormalisedToUtc() {
        Sample s = EventJson.fromBytes("{\"at\":\"2026-11-27T23:45:49+01:00\"}".getBytes(StandardCharsets.UTF_8),
                Sample.class);
        assertThat(s.at()).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
        assertThat(EventJson.toJson(s)).contains("\"2026-11-27T22:45:49Z\"");
    }

    @Test
    void unknownPropertiesAreIgnoredWhenReading() {
        Sample s = EventJson.fromJson("{\"at\":\"2026-11-27T22:45:49Z\",\"later_field\":1}", Sample.class);
        assertThat(s.at()).isNotNull();
    }

    @Test
    void strictInput() throws Exception {
        assertThatThrownBy(() -> EventJson.readTree("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Duplicate field");
        assertThatThrownBy(() -> EventJson.readTree("{\"a\":1} x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> EventJson.fromJson("{", Sample.class)).isInstanceOf(UncheckedIOException.class);
        JsonNode empty = EventJson.readTree(new byte[0]);
        assertThat(empty == null || empty.isMissingNode()).isTrue();
    }
}
