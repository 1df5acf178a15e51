package org.opmas.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.opmas.common.crypto.SecretCipher;
import org.opmas.devkit.simulator.SimulatedFleet;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.ssh.HostKeys;
import org.opmas.executor.support.Fixtures;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.ActionType;
import org.opmas.schema.events.IntendedActionEvent;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * N simulated routers (default 1,000), one diagnostic action each, through the whole executor
 * (Kafka in, durable queue, claim, SSH, result + outbox, Kafka out). The fleet's devices, sealed keys,
 * runs and ready actions are inserted in JDBC batches first (as playbook-service would have planned
 * them); the measured window starts when the N events are published in one burst with the async
 * producer and ends when every action is terminal. A smaller fleet of its own runs first, unmeasured
 * ({@code -Dfleet.warmup}, default 300; 0 measures a cold JVM). Not part of the normal run (surefire
 * only picks *Test); the command is in docs/benchmarks/action-executor.md.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class FleetBenchmark {

    private static final String COMMAND = "ubus call system info; free; df -h";
    private static final int BATCH = 500;

    @Test
    void fleetOfRoutersOneDiagnosticEach() throws Exception {
        int size = Integer.getInteger("fleet.size", 1000);
        int warmUp = Integer.getInteger("fleet.warmup", 300);
        Fixtures.ClientKey key = Fixtures.ed25519();
        if (warmUp > 0) {
            // A running executor is compiled (JIT) already; a fresh test JVM is not, and on two cores the
            // compiler threads compete with the measured window. A smaller fleet of its own goes first.
            try (SimulatedFleet fleet = SimulatedFleet.start("warmup", warmUp,
                    List.of(SimulatedRouter.parsePublicKey(key.publicKeyLine())), 151)) {
                Pass pass = run(insertActions(insertDevices(fleet.routers(), key)));
                System.out.printf("%nFLEET WARM-UP: %d actions (%d succeeded) in %d ms, not measured%n",
                        warmUp, pass.succeeded(), pass.wallMs());
                assertThat(pass.succeeded()).isEqualTo(warmUp);
            }
        }
        long t0 = System.nanoTime();
        try (SimulatedFleet fleet = SimulatedFleet.start("bench", size,
                List.of(SimulatedRouter.parsePublicKey(key.publicKeyLine())), 150)) {
            long fleetMs = millisSince(t0);
            long t1 = System.nanoTime();
            List<Integer> devices = insertDevices(fleet.routers(), key);
            List<IntendedActionEvent> actions = insertActions(devices);
            long insertMs = millisSince(t1);

            Pass pass = run(actions);
            System.out.printf("%nFLEET BENCHMARK: %d routers started in %d ms; devices, keys, runs and actions inserted in %d ms;"
                    + " %d events published in %d ms; %d actions (%d succeeded) in %d ms = %.1f actions/s;"
                    + " process CPU %.1f s (executor + %d simulated SSH servers) on %d cores; commands received %d; threads %d;"
                    + " after a warm-up of %d actions%n",
                    size, fleetMs, insertMs, size, pass.publishMs(), size, pass.succeeded(), pass.wallMs(),
                    size * 1000.0 / pass.wallMs(), pass.cpuSeconds(), size, Runtime.getRuntime().availableProcessors(),
                    fleet.totalCommandsReceived(), Thread.activeCount(), warmUp);
            assertThat(pass.succeeded()).isEqualTo(size);
            assertThat(fleet.totalCommandsReceived()).isEqualTo(size);
            assertThat(fleet.routers()).allSatisfy(r -> assertThat(r.receivedCommandTexts()).containsExactly(COMMAND));
        }
    }

    private record Pass(long publishMs, long wallMs, double cpuSeconds, long succeeded) {
    }

    /** Publishes the events in one burst and waits until every action is terminal: the measured window. */
    private static Pass run(List<IntendedActionEvent> actions) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long publishMs;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(actions.size());
            for (IntendedActionEvent action : actions) {
                sent.add(producer.send(record(action)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            publishMs = millisSince(start);
        }
        int first = (int) actions.get(0).actionId();
        int last = (int) actions.get(actions.size() - 1).actionId();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> finished(first, last) == actions.size());
        long wallMs = millisSince(start);
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        long succeeded = count("SELECT count(*) FROM intended_actions WHERE id BETWEEN ? AND ? AND status = 'succeeded'",
                first, last);
        return new Pass(publishMs, wallMs, cpuSeconds, succeeded);
    }

    /** Devices with pinned host keys and their sealed active key, in batches; ids in router order. */
    private static List<Integer> insertDevices(List<SimulatedRouter> routers, Fixtures.ClientKey key) throws Exception {
        SecretCipher cipher = SecretCipher.of(Map.of("k1", Fixtures.TEST_MASTER_KEY), "k1");
        List<Integer> ids = new ArrayList<>(routers.size());
        try (Connection c = Fixtures.admin()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (hostname, ip_address, status, config)"
                    + " VALUES (?, ?::inet, 'active', ?::jsonb)", new String[] {"id"})) {
                for (int i = 0; i < routers.size(); i++) {
                    SimulatedRouter r = routers.get(i);
                    ps.setString(1, "bench-" + UUID.randomUUID());
                    ps.setString(2, r.host());
                    ps.setString(3, EventJson.toJson(Map.of("ssh_port", r.port(), "host_key", r.hostKeyLine())));
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == routers.size() - 1) {
                        ps.executeBatch();
                        try (ResultSet keys = ps.getGeneratedKeys()) {
                            while (keys.next()) {
                                ids.add(keys.getInt(1));
                            }
                        }
                    }
                }
            }
            String fingerprint = HostKeys.fingerprint(key.publicKeyLine());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ssh_keys (device_id, key_type, encrypted_key,"
                    + " key_fingerprint, is_active) VALUES (?, 'ssh-ed25519', ?, ?, true)")) {
                for (int i = 0; i < ids.size(); i++) {
                    int id = ids.get(i);
                    ps.setInt(1, id);
                    ps.setString(2, cipher.seal(key.privateKeyPem().getBytes(StandardCharsets.UTF_8), "ssh_keys:device:" + id));
                    ps.setString(3, fingerprint);
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == ids.size() - 1) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
        }
        assertThat(ids).hasSize(routers.size());
        return ids;
    }

    /** One playbook run and one ready (pending, scheduled) action per device, in batches. */
    private static List<IntendedActionEvent> insertActions(List<Integer> devices) throws Exception {
        int playbook = Fixtures.playbook();
        ObjectNode config = EventJson.mapper().createObjectNode().put("command", COMMAND);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        List<UUID> runs = new ArrayList<>(devices.size());
        List<Integer> ids = new ArrayList<>(devices.size());
        try (Connection c = Fixtures.admin()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO playbook_runs (run_id, playbook_id, device_id,"
                    + " trigger, status, step_count, dry_run) VALUES (?, ?, ?, 'manual', 'running', 1, false)")) {
                for (int i = 0; i < devices.size(); i++) {
                    UUID run = UUID.randomUUID();
                    runs.add(run);
                    ps.setObject(1, run);
                    ps.setInt(2, playbook);
                    ps.setInt(3, devices.get(i));
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == devices.size() - 1) {
                        ps.executeBatch();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO intended_actions (playbook_id, status, action_type,"
                    + " action_config, scheduled_at, device_id, run_id, step_number, dry_run, deadline_at, timeout_seconds,"
                    + " retry_count) VALUES (?, 'pending', 'ssh_command', ?::jsonb, now(), ?, ?, 1, false, ?, 30, 1)",
                    new String[] {"id"})) {
                for (int i = 0; i < devices.size(); i++) {
                    ps.setInt(1, playbook);
                    ps.setString(2, config.toString());
                    ps.setInt(3, devices.get(i));
                    ps.setObject(4, runs.get(i));
                    ps.setTimestamp(5, Timestamp.from(deadline));
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == devices.size() - 1) {
                        ps.executeBatch();
                        try (ResultSet keys = ps.getGeneratedKeys()) {
                            while (keys.next()) {
                                ids.add(keys.getInt(1));
                            }
                        }
                    }
                }
            }
            c.commit();
        }
        assertThat(ids).hasSize(devices.size());
        List<IntendedActionEvent> events = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            events.add(new IntendedActionEvent(UUID.randomUUID(), ids.get(i), null, playbook, runs.get(i), 1, devices.get(i),
                    ActionType.SSH_COMMAND, config, 30, 1, false, deadline, Instant.now()));
        }
        return events;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    /** The event as playbook-service publishes it: keyed by device, CloudEvents headers. */
    private static ProducerRecord<String, byte[]> record(IntendedActionEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ACTIONS_INTENDED,
                Long.toString(event.deviceId()), EventJson.toBytes(event));
        record.headers().add(CloudEvents.TYPE, CloudEvents.ACTION_INTENDED_V1.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.ID, event.id().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SOURCE, "/opmas/playbook-service".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SPEC_VERSION_HEADER, "1.0".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long finished(int first, int last) throws Exception {
        return count("SELECT count(*) FROM intended_actions WHERE id BETWEEN ? AND ?"
                + " AND status IN ('succeeded', 'failed', 'timed_out', 'skipped', 'cancelled')", first, last);
    }

    private static long count(String sql, int first, int last) throws Exception {
        try (Connection c = Fixtures.admin(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, first);
            ps.setInt(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
