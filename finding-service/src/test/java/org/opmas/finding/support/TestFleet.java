package org.opmas.finding.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.OpmasEvent;
import org.opmas.schema.events.Severity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Test data against the shared real PostgreSQL (as the admin: devices and agents belong to other
 * services) and Kafka (plain clients, as another service would produce and consume).
 */
public final class TestFleet {

    private static KafkaProducer<String, byte[]> producer;

    private TestFleet() {
    }

    public static OpmasInfrastructure.Coordinates infra() {
        return OpmasInfrastructure.shared();
    }

    public static Connection admin() throws SQLException {
        return infra().connectAsAdmin();
    }

    /** A new device with a random hostname and address; returns its id. */
    public static long newDevice() {
        String host = "rt-" + UUID.randomUUID().toString().substring(0, 12);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
        return insertId("INSERT INTO devices (hostname, ip_address) VALUES (?, ?::inet) RETURNING id", host, ip);
    }

    /** The shared test agent (created once). */
    private static Long agentId;

    public static synchronized long agent() {
        if (agentId != null) {
            return agentId;
        }
        return agentId = insertId("INSERT INTO agents (name, type) VALUES ('finding-test-agent', 'security') "
                + "ON CONFLICT (name) DO UPDATE SET type = EXCLUDED.type RETURNING id");
    }

    public static long insertId(String sql, Object... params) {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... params) {
        return insertId(sql, params);
    }

    public static void execute(String sql, Object... params) {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DetectionEvent detection(long deviceId, String fingerprint, Severity severity, JsonNode details,
            String description) {
        Instant now = Instant.now();
        return new DetectionEvent(UUID.randomUUID(), "finding-test-agent", agent(), "TestRule", 7, deviceId,
                "test_finding", severity, description, details, List.of(UUID.randomUUID()), 1L, now.minusSeconds(60),
                now, now, fingerprint, false);
    }

    /** A WARNING detection of {@code fingerprint} detected at {@code detectedAt}. */
    public static DetectionEvent detectionAt(long deviceId, String fingerprint, Instant detectedAt) {
        return new DetectionEvent(UUID.randomUUID(), "finding-test-agent", agent(), "TestRule", 7, deviceId,
                "test_finding", Severity.WARNING, "test detection " + fingerprint,
                EventJson.mapper().createObjectNode().put("source_ip", "192.0.2.7"), List.of(UUID.randomUUID()), 1L,
                detectedAt.minusSeconds(60), detectedAt, detectedAt, fingerprint, false);
    }

    public static DetectionEvent detection(long deviceId, String fingerprint) {
        return detection(deviceId, fingerprint, Severity.WARNING,
                EventJson.mapper().createObjectNode().put("source_ip", "192.0.2.7"), "test detection " + fingerprint);
    }

    public static ActionResultEvent actionResult(long findingId, long deviceId, ActionStatus status) {
        Instant now = Instant.now();
        return new ActionResultEvent(UUID.randomUUID(), ThreadLocalRandom.current().nextLong(1, 1_000_000), findingId,
                3, UUID.randomUUID(), 1, deviceId, status, 0, "ok\n", "", false, false, 1, now.minusSeconds(1), now,
                1000, null, false, "wifi reload");
    }

    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    /** Sends an event the way an OPMAS producer does (CloudEvents headers, key = device id). */
    public static void send(OpmasEvent event) {
        send(event.topic(), event.kafkaKey(), event.eventType(), EventJson.toBytes(event));
    }

    public static void send(String topic, String key, String ceType, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (ceType != null) {
            record.headers().add(CloudEvents.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEvents.SPEC_VERSION_HEADER, "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SOURCE, "/opmas/test".getBytes(StandardCharsets.UTF_8));
        producer().send(record);
    }

    public static void flush() {
        producer().flush();
    }

    /** A consumer of {@code topic} from the beginning, in a group of its own. */
    public static KafkaConsumer<String, byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "finding-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    public static List<ConsumerRecord<String, byte[]>> poll(KafkaConsumer<String, byte[]> consumer) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        return records;
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The id of the finding of a fingerprint once it exists (newest first). */
    public static long awaitFinding(String fingerprint) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM findings WHERE fingerprint = ?", fingerprint) > 0);
        return count("SELECT max(id) FROM findings WHERE fingerprint = ?", fingerprint);
    }

    public static String text(String sql, Object... params) {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
