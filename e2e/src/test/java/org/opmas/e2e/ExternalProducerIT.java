package org.opmas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.e2e.Flow.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.Topics;

/**
 * The documented contract for external producers (docs/EVENTS.md, "Contract for external
 * producers"): a collector such as Vector publishes DeviceLogEvents straight to
 * {@code opmas.device.logs}. A plain KafkaProducer — no OPMAS code — stands in for it. A valid
 * event is processed like a syslog line (finding, playbook, command on the router); an invalid
 * one lands in {@code opmas.device.logs.dlq} with the reason, unchanged.
 */
class ExternalProducerIT {

    @Test
    void aValidEventFromAPlainProducerIsProcessedLikeASyslogLine() throws Exception {
        try (E2eRouter router = E2eRouter.register("vector")) {
            String id = UUID.randomUUID().toString();
            String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            String message = "Out of memory: Killed process 2211 (hostapd) total-vm:9120kB, anon-rss:4100kB, file-rss:0kB";
            String event = """
                    {"id": "%s", "device_id": %d, "hostname": "%s", "source_ip": "%s",
                     "received_at": "%s", "timestamp": "%s", "facility": 0, "severity": 3,
                     "program": "kernel", "message": "%s", "raw": "<3>kernel: %s", "format": "json"}"""
                    .formatted(id, router.deviceId(), router.hostname(), router.address(), now, now, message, message);

            publish(Long.toString(router.deviceId()), event, id, CloudEvents.DEVICE_LOG_V1, now);

            JsonNode finding = Flow.awaitFinding(router, "oom_kill");
            assertThat(finding.path("details").path("process").asText()).isEqualTo("hostapd");
            assertThat(finding.path("details").path("pid").asText()).isEqualTo("2211");
            JsonNode diagnostics = Flow.awaitActionStatus(Flow.awaitActions(finding, 1).get(0), "succeeded");
            Flow.assertSucceededOnce(diagnostics);
            assertThat(router.commands()).containsExactly(command(diagnostics));
            Flow.assertResolvedByPlaybook(finding, diagnostics, 1);
        }
    }

    @Test
    void anInvalidEventLandsInTheDeadLetterTopicWithTheReason() throws Exception {
        String id = UUID.randomUUID().toString();
        String key = "e2e-collector-" + id;
        String now = Instant.now().toString();
        // Two contract violations a collector typically makes: a collector field left in, and a
        // severity name instead of its number.
        String event = """
                {"id": "%s", "hostname": "%s", "received_at": "%s", "timestamp": "%s",
                 "severity": "err", "message": "link down", "raw": "link down", "format": "json",
                 "@timestamp": "%s"}""".formatted(id, key, now, now, now);

        publish(key, event, id, CloudEvents.DEVICE_LOG_V1, now);

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(Topics.dlq(Topics.DEVICE_LOGS), id);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(event);
        assertThat(header(dead, CloudEvents.TYPE)).contains(CloudEvents.DEVICE_LOG_V1);
        assertThat(header(dead, Topics.DlqHeaders.TOPIC)).contains(Topics.DEVICE_LOGS);
        assertThat(header(dead, Topics.DlqHeaders.REASON_CLASS)).contains("schema-violation");
        assertThat(header(dead, Topics.DlqHeaders.SERVICE)).contains(E2eStack.AGENT_SERVICE);
        // The validator's summary, naming each violation by its JSON path.
        assertThat(header(dead, Topics.DlqHeaders.REASON)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("$.severity: must be integer or null, got string", "@timestamp']: is not allowed (unknown field)"));
    }

    /** A record as docs/EVENTS.md asks collectors to write it: JSON value, CloudEvents headers. */
    private static void publish(String key, String value, String id, String type, String time) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, E2eStack.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DEVICE_LOGS, key, value);
            record.headers()
                    .add(CloudEvents.SPEC_VERSION_HEADER, bytes(CloudEvents.SPEC_VERSION))
                    .add(CloudEvents.ID, bytes(id))
                    .add(CloudEvents.TYPE, bytes(type))
                    .add(CloudEvents.SOURCE, bytes("/vector/e2e-collector"))
                    .add(CloudEvents.TIME, bytes(time))
                    .add(CloudEvents.CONTENT_TYPE, bytes(CloudEvents.CONTENT_TYPE_JSON));
            producer.send(record).get();
        }
    }

    /** Reads the dead-letter topic from the beginning until the record with this ce_id shows up. */
    private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(String topic, String ceId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, E2eStack.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            return Flow.waitUpTo(Flow.HOP).alias("dead letter with ce_id " + ceId + " on " + topic).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().filter(r -> header(r, CloudEvents.ID).filter(ceId::equals).isPresent()).findFirst();
            }, Optional::isPresent).orElseThrow();
        }
    }

    private static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
