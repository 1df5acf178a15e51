package org.opmas.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Samples;
import org.opmas.schema.Samples.Sample;
import org.opmas.schema.events.OpmasEvent;

/** Every sample is valid, maps onto its record, and survives a record round trip still valid. */
class SampleEventsTest {

    private static final EventValidator VALIDATOR = EventValidator.shared();

    static java.util.List<Sample> samples() {
        return Samples.all();
    }

    @Test
    void everyEventTypeHasASample() {
        Set<String> covered = Samples.all().stream().map(Sample::eventType).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(CloudEvents.types().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleIsValid(Sample sample) {
        ValidationResult r = VALIDATOR.validate(sample.eventType(), sample.bytes());
        assertThat(r.errors()).as(sample.file()).isEmpty();
        assertThat(r.isValid()).isTrue();
        assertThat(r.payload()).isEqualTo(sample.tree());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleRoundTripsThroughItsRecord(Sample sample) {
        Class<?> type = CloudEvents.type(sample.eventType()).orElseThrow().javaType();
        Object event = EventJson.fromBytes(sample.bytes(), type);
        assertThat(event).isInstanceOf(OpmasEvent.class);
        OpmasEvent e = (OpmasEvent) event;
        assertThat(e.eventType()).isEqualTo(sample.eventType());
        assertThat(e.topic()).isEqualTo(CloudEvents.type(sample.eventType()).orElseThrow().topic());
        assertThat(e.id().toString()).isEqualTo(sample.tree().get("id").asText());
        assertThat(e.eventTime()).isNotNull();
        assertThat(e.kafkaKey()).isNotBlank();

        byte[] written = EventJson.toBytes(event);
        ValidationResult r = VALIDATOR.validate(sample.eventType(), written);
        assertThat(r.errors()).as(new String(written)).isEmpty();
        assertThat(EventJson.fromBytes(written, type)).isEqualTo(event);
        // nothing is lost: every non-null field of the sample is written back (instants normalised to UTC)
        sample.tree().fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                assertThat(r.payload().has(f.getKey())).as(f.getKey()).isTrue();
            }
        });
        assertThat(VALIDATOR.validate((OpmasEvent) event).isValid()).isTrue();
    }
}
