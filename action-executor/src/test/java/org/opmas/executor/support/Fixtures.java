package org.opmas.executor.support;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opmas.common.crypto.SecretCipher;
import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.ActionType;
import org.opmas.schema.events.IntendedActionEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Test data as the other services would write it: devices, sealed SSH keys, playbooks and intended
 * actions inserted as the database admin, events published to Kafka with CloudEvents headers.
 */
public final class Fixtures {

    public static final String TEST_MASTER_KEY = "ApK5qUgfzk7etP8V0+oOCkgT1YSZ7ApwH3glp677BXI=";
    private static final SecretCipher CIPHER = SecretCipher.of(Map.of("k1", TEST_MASTER_KEY), "k1");
    private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 50_000));
    private static KafkaProducer<String, byte[]> producer;
    private static Integer playbookId;

    private Fixtures() {
    }

    /** An ed25519 client key: the OpenSSH private key text and the public key line. */
    public record ClientKey(String privateKeyPem, String publicKeyLine) {
    }

    public static ClientKey ed25519() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(OpenSSHPrivateKeyUtil.encodePrivateKey(pair.getPrivate()));
            String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
            String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(
                    OpenSSHPublicKeyUtil.encodePublicKey(pair.getPublic()));
            return new ClientKey(pem, line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback address no other test device uses (127.200-249.x.y). */
    public static String uniqueLoopback() {
        int n = ADDRESSES.incrementAndGet();
        return "127." + (200 + (n / 62_500) % 50) + "." + ((n / 250) % 250) + "." + (n % 250 + 1);
    }

    public static Connection admin() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getOptionalValue("opmas.test.jdbc-url", String.class)
                .orElseGet(() -> OpmasInfrastructure.shared().jdbcUrl());
        return DriverManager.getConnection(url, config.getOptionalValue("opmas.test.admin-user", String.class)
                .orElseGet(() -> OpmasInfrastructure.shared().adminUser()),
                config.getOptionalValue("opmas.test.admin-password", String.class)
                        .orElseGet(() -> OpmasInfrastructure.shared().adminPassword()));
    }

    /** Inserts a device reachable at host:port with the given devices.config, and its sealed active key. */
    public static int device(String host, int port, ClientKey key, Map<String, Object> config) throws SQLException {
        Map<String, Object> all = new HashMap<>(config);
        all.put("ssh_port", port);
        try (Connection c = admin()) {
            int id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (hostname, ip_address, status, config)"
                    + " VALUES (?, ?::inet, 'active', ?::jsonb) RETURNING id")) {
                ps.setString(1, "sim-" + UUID.randomUUID());
                ps.setString(2, host);
                ps.setString(3, EventJson.toJson(all));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getInt(1);
                }
            }
            if (key != null) {
                String sealed = CIPHER.seal(key.privateKeyPem().getBytes(StandardCharsets.UTF_8),
                        "ssh_keys:device:" + id);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ssh_keys (device_id, key_type, encrypted_key,"
                        + " key_fingerprint, is_active) VALUES (?, 'ssh-ed25519', ?, ?, true)")) {
                    ps.setInt(1, id);
                    ps.setString(2, sealed);
                    ps.setString(3, org.opmas.executor.ssh.HostKeys.fingerprint(key.publicKeyLine()));
                    ps.executeUpdate();
                }
            }
            return id;
        }
    }

    public static synchronized int playbook() throws SQLException {
        if (playbookId == null) {
            try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO playbooks (name, trigger_type) VALUES (?, 'manual') RETURNING id")) {
                ps.setString(1, "executor-tests-" + UUID.randomUUID());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    playbookId = rs.getInt(1);
                }
            }
        }
        return playbookId;
    }

    /** A ready action (pending, scheduled) as playbook-service plans it; returns its event. */
    public static IntendedActionEvent action(int deviceId, String command, int timeoutSeconds, int retryCount,
            boolean dryRun) throws SQLException {
        return action(deviceId, command, timeoutSeconds, retryCount, dryRun, "pending", true, null);
    }

    public static IntendedActionEvent action(int deviceId, String command, int timeoutSeconds, int retryCount,
            boolean dryRun, String status, boolean scheduled, Map<String, Object> extraConfig) throws SQLException {
        ObjectNode config = EventJson.mapper().createObjectNode();
        config.put("command", command);
        if (extraConfig != null) {
            extraConfig.forEach((k, v) -> config.set(k, EventJson.mapper().valueToTree(v)));
        }
        UUID runId = UUID.randomUUID();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        int playbook = playbook();
        int id;
        try (Connection c = admin(); PreparedStatement run = c.prepareStatement("INSERT INTO playbook_runs (run_id,"
                + " playbook_id, device_id, trigger, status, step_count, dry_run) VALUES (?, ?, ?, 'manual', 'running', 1, ?)")) {
            run.setObject(1, runId);
            run.setInt(2, playbook);
            run.setInt(3, deviceId);
            run.setBoolean(4, dryRun);
            run.executeUpdate();
        }
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO intended_actions (playbook_id, status, action_type, action_config, scheduled_at, device_id,"
                        + " run_id, step_number, dry_run, deadline_at, timeout_seconds, retry_count)"
                        + " VALUES (?, ?, 'ssh_command', ?::jsonb, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id")) {
            ps.setInt(9, timeoutSeconds);
            ps.setInt(10, retryCount);
            ps.setInt(1, playbook);
            ps.setString(2, status);
            ps.setString(3, config.toString());
            ps.setTimestamp(4, scheduled ? Timestamp.from(Instant.now()) : null);
            ps.setInt(5, deviceId);
            ps.setObject(6, runId);
            ps.setBoolean(7, dryRun);
            ps.setTimestamp(8, Timestamp.from(deadline));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        return new IntendedActionEvent(UUID.randomUUID(), id, null, playbook, runId, 1, deviceId, ActionType.SSH_COMMAND,
                config, timeoutSeconds, retryCount, dryRun, deadline, Instant.now());
    }

    public static void publish(IntendedActionEvent event) {
        publishRaw(Topics.ACTIONS_INTENDED, Long.toString(event.deviceId()), EventJson.toBytes(event),
                CloudEvents.ACTION_INTENDED_V1, event.id().toString());
    }

    public static synchronized void publishRaw(String topic, String key, byte[] value, String ceType, String ceId) {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig()
                    .getValue("kafka.bootstrap.servers", String.class));
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (ceType != null) {
            record.headers().add(CloudEvents.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEvents.ID, ceId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SOURCE, "/opmas/playbook-service".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SPEC_VERSION_HEADER, "1.0".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row as the executor left it. */
    public record Row(String status, int attempts, JsonNode result, Instant startedAt, Instant executedAt) {
        public String error() {
            return result == null || result.get("error") == null || result.get("error").isNull() ? null
                    : result.get("error").asText();
        }
    }

    public static Row row(long actionId) {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, attempts, result::text, started_at, executed_at FROM intended_actions WHERE id = ?")) {
            ps.setInt(1, (int) actionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String result = rs.getString(3);
                return new Row(rs.getString(1), rs.getInt(2), result == null ? null : EventJson.mapper().readTree(result),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String status(long actionId) {
        return row(actionId).status();
    }

    public static void sql(String statement, Object... params) throws SQLException {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    public static String queryString(String statement, Object... params) throws SQLException {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Records of a topic from the beginning whose key is the device id, read until {@code timeout}. */
    public static List<ConsumerRecord<String, byte[]>> records(String topic, String key, int atLeast, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers",
                String.class));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "executor-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end && found.size() < atLeast) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
