package org.opmas.device.testsupport;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opmas.devkit.OpmasInfrastructure;

import io.restassured.http.ContentType;

/** Unique test data, admin SQL, a topic reader and ssh-keygen, for the inventory and key tests. */
public final class InventoryTestSupport {

    private InventoryTestSupport() {
    }

    public static String uniqueHostname(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A random address in 10.0.0.0/8 (collisions across the shared database are negligible). */
    public static String uniqueIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    public static String uniqueIpv6() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(1 + r.nextInt(65535));
    }

    /** Creates a device through the API; its id. */
    public static int createDevice(String hostname, String ip) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("hostname", hostname, "ip_address", ip, "model", "GL.iNet GL-MT3000"))
                .when().post("/api/v1/devices")
                .then().statusCode(201).extract().path("id");
    }

    public static Connection admin() throws SQLException {
        return OpmasInfrastructure.shared().connectAsAdmin();
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Reads the topic from the beginning until {@code wanted} records match, or fails after the timeout. */
    public static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic,
            Predicate<ConsumerRecord<String, byte[]>> match, int wanted, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "device-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && found.size() < wanted) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        if (found.size() < wanted) {
            throw new AssertionError("only " + found.size() + " of " + wanted + " matching records on " + topic
                    + " within " + timeout);
        }
        return found;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Runs ssh-keygen with the arguments; its stdout. */
    public static String sshKeygen(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/ssh-keygen");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("ssh-keygen " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    /**
     * Generates a key pair with ssh-keygen; {@code extra} e.g. {@code -t rsa -b 2048 -m PEM}.
     * Returns the private key file (the public one is beside it, {@code .pub}).
     */
    public static Path generateKey(Path dir, String name, String passphrase, String... extra)
            throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-q", "-N", passphrase, "-C", "opmas-test", "-f", file.toString()));
        args.addAll(List.of(extra));
        sshKeygen(args.toArray(String[]::new));
        return file;
    }

    /** The SHA256 field of {@code ssh-keygen -lf <pubfile>}. */
    public static String keygenFingerprint(Path publicKeyFile) throws IOException, InterruptedException {
        return sshKeygen("-lf", publicKeyFile.toString()).trim().split("\\s+")[1];
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
