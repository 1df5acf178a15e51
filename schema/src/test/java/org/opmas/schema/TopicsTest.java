package org.opmas.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.opmas.schema.Topics.TopicSpec;

class TopicsTest {

    @Test
    void everyTopicIsListedOnceWithItsDlq() {
        List<String> names = Topics.SPECS.stream().map(TopicSpec::name).toList();
        assertThat(names).doesNotHaveDuplicates().hasSize(12);
        assertThat(Topics.MAIN).containsExactly("opmas.device.logs", "opmas.devices", "opmas.findings.detected",
                "opmas.findings", "opmas.actions.intended", "opmas.actions.results");
        for (String topic : Topics.MAIN) {
            assertThat(names).containsOnlyOnce(topic, topic + ".dlq");
        }
        assertThat(Topics.SPECS.stream().filter(TopicSpec::dlq).map(TopicSpec::name).collect(Collectors.toSet()))
                .isEqualTo(Topics.MAIN.stream().map(Topics::dlq).collect(Collectors.toSet()));
    }

    @Test
    void partitionsAndCompaction() {
        assertThat(Topics.spec("opmas.device.logs")).get().isEqualTo(new TopicSpec("opmas.device.logs", 6, false));
        assertThat(Topics.spec("opmas.device.logs.dlq")).get().extracting(TopicSpec::partitions).isEqualTo(6);
        assertThat(Topics.spec("opmas.devices")).get().isEqualTo(new TopicSpec("opmas.devices", 3, true));
        assertThat(Topics.spec("opmas.devices").orElseThrow().cleanupPolicy()).isEqualTo("compact");
        assertThat(Topics.spec("opmas.devices.dlq").orElseThrow().compacted()).isFalse();
        for (TopicSpec spec : Topics.SPECS) {
            if (!spec.name().startsWith(Topics.DEVICE_LOGS)) {
                assertThat(spec.partitions()).as(spec.name()).isEqualTo(3);
            }
            if (!spec.name().equals(Topics.DEVICES)) {
                assertThat(spec.compacted()).as(spec.name()).isFalse();
                assertThat(spec.cleanupPolicy()).isEqualTo("delete");
            }
        }
        assertThat(Topics.spec("nope")).isEmpty();
    }

    @Test
    void dlqName() {
        assertThat(Topics.dlq("opmas.findings")).isEqualTo("opmas.findings.dlq");
        assertThat(Topics.isDlq("opmas.findings.dlq")).isTrue();
        assertThat(Topics.isDlq("opmas.findings")).isFalse();
        assertThatThrownBy(() -> Topics.dlq("opmas.findings.dlq")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.dlq(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.dlq(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTopicCarriesEventTypesAndEveryTypeHasATopic() {
        for (String topic : Topics.MAIN) {
            assertThat(CloudEvents.typesOn(topic)).as(topic).isNotEmpty();
        }
        CloudEvents.types().values().forEach(t -> assertThat(Topics.MAIN).contains(t.topic()));
        assertThat(CloudEvents.typesOn(Topics.FINDINGS)).containsExactly(CloudEvents.FINDING_CREATED_V1,
                CloudEvents.FINDING_UPDATED_V1, CloudEvents.FINDING_RESOLVED_V1, CloudEvents.FINDING_STATUS_CHANGED_V1);
        assertThat(CloudEvents.typesOn(Topics.DEVICES)).containsExactly(CloudEvents.DEVICE_UPSERTED_V1,
                CloudEvents.DEVICE_DELETED_V1);
    }

    @Test
    void cloudEventsConstants() {
        assertThat(List.of(CloudEvents.ID, CloudEvents.TYPE, CloudEvents.SOURCE, CloudEvents.TIME,
                CloudEvents.SPEC_VERSION_HEADER, CloudEvents.CONTENT_TYPE))
                .containsExactly("ce_id", "ce_type", "ce_source", "ce_time", "ce_specversion", "content-type");
        assertThat(CloudEvents.SPEC_VERSION).isEqualTo("1.0");
        assertThat(CloudEvents.types().keySet()).containsExactly(
                "org.opmas.device.log.v1", "org.opmas.device.upserted.v1", "org.opmas.device.deleted.v1",
                "org.opmas.finding.detected.v1", "org.opmas.finding.created.v1", "org.opmas.finding.updated.v1",
                "org.opmas.finding.resolved.v1", "org.opmas.finding.status_changed.v1",
                "org.opmas.action.intended.v1", "org.opmas.action.result.v1");
        assertThat(CloudEvents.defaultTypeFor(Topics.DEVICE_LOGS)).contains(CloudEvents.DEVICE_LOG_V1);
        assertThat(CloudEvents.defaultTypeFor(Topics.FINDINGS)).isEmpty();
        // every schema resource exists
        Set<String> schemas = CloudEvents.types().values().stream().map(CloudEvents.EventType::schema)
                .collect(Collectors.toSet());
        assertThat(schemas).hasSize(6).allSatisfy(s -> assertThat(getClass().getClassLoader().getResource(s)).isNotNull());
    }
}
