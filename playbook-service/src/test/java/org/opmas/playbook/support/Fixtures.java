package org.opmas.playbook.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.FindingStatus;
import org.opmas.schema.events.OpmasEvent;
import org.opmas.schema.events.Severity;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;

/**
 * Test data against the real database and broker: devices and findings inserted as the database
 * owner (they belong to other services), events published with a plain KafkaProducer, and the
 * outgoing opmas.actions.intended read with a plain KafkaConsumer.
 */
public final class Fixtures {

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, String> intendedConsumer;
    private static final List<JsonNode> INTENDED = new ArrayList<>();

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Connection db() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("opmas.test.jdbc-url", String.class),
                config.getValue("opmas.test.admin-user", String.class),
                config.getOptionalValue("opmas.test.admin-password", String.class).orElse(""));
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql, Object... params) {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Device(int id, String hostname) {
    }

    public static Device device(String hostnamePrefix, String model, String status) {
        String hostname = unique(hostnamePrefix);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String ip = "10." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(1, 255);
        Map<String, Object> row = query("INSERT INTO devices (hostname, ip_address, model, status) VALUES (?, ?::inet, ?, ?)"
                + " RETURNING id", hostname, ip, model, status).get(0);
        return new Device(((Number) row.get("id")).intValue(), hostname);
    }

    public record FindingRef(int id, Instant createdAt) {
    }

    public static FindingRef finding(int deviceId, String type, String severity, String detailsJson) {
        Map<String, Object> row = query("INSERT INTO findings (device_id, finding_type, severity, details, status, fingerprint)"
                + " VALUES (?, ?, ?, ?::jsonb, 'new', ?) RETURNING id, created_at", deviceId, type, severity, detailsJson,
                unique("fp-" + type))
                .get(0);
        Object created = row.get("created_at");
        Instant createdAt = created instanceof java.sql.Timestamp ts ? ts.toInstant()
                : ((java.time.OffsetDateTime) created).toInstant();
        return new FindingRef(((Number) row.get("id")).intValue(), createdAt);
    }

    public static FindingEvent findingEvent(FindingRef ref, int deviceId, String type, Severity severity,
            String detailsJson, boolean shadow) {
        Instant now = Instant.now();
        return new FindingEvent(UUID.randomUUID(), FindingEvent.Type.CREATED, now, null, null,
                new FindingEvent.Finding(ref.id(), ref.createdAt(), null, deviceId, type, severity, "test finding",
                        EventJson.fromJson(detailsJson, JsonNode.class), FindingStatus.NEW, unique("fp"), 1, now, now,
                        shadow, now));
    }

    public static ActionResultEvent result(JsonNode intended, ActionStatus status, String error) {
        Instant now = Instant.now();
        return new ActionResultEvent(UUID.randomUUID(), intended.get("action_id").asLong(),
                intended.hasNonNull("finding_id") ? intended.get("finding_id").asLong() : null,
                intended.get("playbook_id").asLong(), UUID.fromString(intended.get("run_id").asText()),
                intended.get("step_number").asInt(), intended.get("device_id").asLong(), status,
                status == ActionStatus.SUCCEEDED ? 0 : 1, "out", "", false, false, 1, now.minusSeconds(1), now, 1000,
                error, false, intended.get("action_config").get("command").asText());
    }

    public static void publish(OpmasEvent event) {
        publishRaw(event.topic(), event.kafkaKey(), event.eventType(), event.id().toString(), EventJson.toBytes(event));
    }

    public static void publishRaw(String topic, String key, String ceType, String ceId, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvents.SPEC_VERSION_HEADER, "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEvents.ID, ceId.getBytes(StandardCharsets.UTF_8));
        if (ceType != null) {
            headers.add(CloudEvents.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(CloudEvents.SOURCE, "/test".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEvents.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEvents.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap());
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Every IntendedActionEvent seen on opmas.actions.intended so far (polls the broker first). */
    public static synchronized List<JsonNode> intendedEvents() {
        if (intendedConsumer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap());
            p.put("group.id", unique("test-intended"));
            p.put("auto.offset.reset", "earliest");
            p.put("key.deserializer", StringDeserializer.class.getName());
            p.put("value.deserializer", StringDeserializer.class.getName());
            intendedConsumer = new KafkaConsumer<>(p);
            intendedConsumer.subscribe(List.of(Topics.ACTIONS_INTENDED));
        }
        for (ConsumerRecord<String, String> r : intendedConsumer.poll(Duration.ofMillis(300))) {
            INTENDED.add(EventJson.fromJson(r.value(), JsonNode.class));
        }
        return List.copyOf(INTENDED);
    }

    public static List<JsonNode> intendedFor(String runId) {
        return intendedEvents().stream().filter(e -> e.get("run_id").asText().equals(runId)).toList();
    }

    public static List<String> dlqReasons(String dlqTopic, String ceId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("group.id", unique("test-dlq"));
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(dlqTopic));
            long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
                    var id = r.headers().lastHeader(CloudEvents.ID);
                    var reason = r.headers().lastHeader(Topics.DlqHeaders.REASON);
                    if (id != null && ceId.equals(new String(id.value(), StandardCharsets.UTF_8)) && reason != null) {
                        reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
                if (!reasons.isEmpty()) {
                    break;
                }
            }
        }
        return reasons;
    }

    /** Creates a playbook through the API; returns its id. */
    public static int createPlaybook(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/v1/playbooks")
                .then().statusCode(201).extract().path("id");
    }

    public static List<Map<String, Object>> runsOfFinding(int findingId) {
        return query("SELECT run_id, status, status_reason, playbook_id, current_step FROM playbook_runs"
                + " WHERE finding_id = ? ORDER BY created_at", findingId);
    }

    public static List<Map<String, Object>> actionsOfRun(Object runId) {
        return query("SELECT id, step_number, status, status_reason, scheduled_at, action_config::text AS config,"
                + " jsonb_exists(action_config, 'command') AS has_command,"
                + " approved_by, approved_at FROM intended_actions WHERE run_id = ?::uuid ORDER BY step_number",
                runId.toString());
    }

    public static Severity severity(String s) {
        return Severity.fromWire(s);
    }
}
