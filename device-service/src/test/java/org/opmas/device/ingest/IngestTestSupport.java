package org.opmas.device.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.schema.Topics;

import org.opmas.device.inventory.service.InMemoryDeviceDirectory;

/** Devices, senders and a topic reader for the ingest tests (real PostgreSQL and Kafka). */
public final class IngestTestSupport {

    private IngestTestSupport() {
    }

    /** A loopback address of its own per device: Linux answers on all of 127.0.0.0/8. */
    public static String randomLoopbackIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }

    public static String randomHostname(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /**
     * Inserts a device (as an operator would have) and reloads the in-memory directory the ingest
     * path resolves against; its id.
     */
    public static int createDevice(InMemoryDeviceDirectory directory, String hostname, String ip, String timezone)
            throws SQLException {
        int id;
        try (Connection c = adminConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO devices (hostname, ip_address, status, config)"
                        + " VALUES (?, ?::inet, 'active', ?::jsonb) RETURNING id")) {
            ps.setString(1, hostname);
            ps.setString(2, ip);
            ps.setString(3, timezone == null ? "{}" : "{\"timezone\": \"" + timezone + "\"}");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        directory.reload().await().atMost(Duration.ofSeconds(10));
        return id;
    }

    public static void sendUdp(String fromIp, int port, String... lines) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(fromIp), 0))) {
            for (String line : lines) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    public static void sendTcp(String fromIp, int port, byte[] stream) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(fromIp), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(stream);
            out.flush();
        }
    }

    /** RFC 6587 octet counting: {@code LEN SP MSG} per message. */
    public static byte[] octetCounted(String... messages) {
        StringBuilder sb = new StringBuilder();
        for (String m : messages) {
            sb.append(m.getBytes(StandardCharsets.UTF_8).length).append(' ').append(m);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Connection adminConnection() throws SQLException {
        return OpmasInfrastructure.shared().connectAsAdmin();
    }

    public static Instant lastSeenAt(int deviceId) throws SQLException {
        try (Connection c = adminConnection();
                PreparedStatement ps = c.prepareStatement("SELECT last_seen_at FROM devices WHERE id = ?")) {
            ps.setInt(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                var ts = rs.getTimestamp(1);
                return ts == null ? null : ts.toInstant();
            }
        }
    }

    /** Reads opmas.device.logs from its end at creation; keeps everything it has seen. */
    public static final class LogTopicReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        public LogTopicReader() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICE_LOGS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** Waits until {@code count} records match; returns them in arrival order. */
        public synchronized List<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> filter,
                int count) {
            List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                matching.clear();
                seen.stream().filter(filter).forEach(matching::add);
                return matching.size() >= count;
            });
            return List.copyOf(matching);
        }

        public synchronized List<ConsumerRecord<String, byte[]>> seen(Predicate<ConsumerRecord<String, byte[]>> filter) {
            return seen.stream().filter(filter).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    public static Predicate<ConsumerRecord<String, byte[]>> keyed(int deviceId) {
        String key = Integer.toString(deviceId);
        return r -> key.equals(r.key());
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
