package org.opmas.devkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.opmas.devkit.Ports;

/**
 * A real single-node Kafka broker in KRaft mode, run in its own JVM from the jars on this JVM's
 * class path. Its own process keeps the broker's Scala/Kafka internals off the services' class
 * loaders and lets it be killed cleanly.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path logFile;

    private EmbeddedKafkaBroker(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * @param directory holds the broker's data, config and log; kept across restarts when persistent
     * @param port the client port; 0 picks a free one
     * @param jvmOptions options for the broker's JVM (heap, GC)
     */
    public static EmbeddedKafkaBroker start(Path directory, int port, List<String> jvmOptions) {
        try {
            Files.createDirectories(directory);
            int clientPort = port > 0 ? port : Ports.free();
            int controllerPort = stableControllerPort(directory);
            Path dataDir = directory.resolve("data");
            Path config = directory.resolve("server.properties");
            Files.writeString(config, serverProperties(clientPort, controllerPort, dataDir), StandardCharsets.UTF_8);

            Path clusterIdFile = directory.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, randomClusterId());
            }
            String clusterId = Files.readString(clusterIdFile).trim();

            Path logFile = directory.resolve("broker.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(KafkaBrokerMain.class.getName());
            command.add(config.toString());
            command.add(clusterId);
            command.add(Long.toString(ProcessHandle.current().pid()));

            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(process, clientPort, logFile);
            broker.awaitReady();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded Kafka did not start: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Creates each topic unless it exists already. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            var results = admin.createTopics(topics).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics on " + bootstrapServers(), e);
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                        + " during startup; last log lines:\n" + tail());
            }
            if (Ports.isListening(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    last = e;
                }
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("Kafka broker not ready within " + STARTUP_TIMEOUT.toSeconds()
                + " s (" + (last == null ? "port never opened" : last.getMessage()) + "); last log lines:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no broker log: " + e.getMessage() + ")";
        }
    }

    private static String serverProperties(int clientPort, int controllerPort, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("num.partitions", "3");
        // Topics come from the contract (schema Topics), as they do from KafkaTopic resources in production.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", "67108864");
        StringBuilder out = new StringBuilder("# Written by the OPMAS devkit on each start\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(key -> out.append(key).append('=').append(p.getProperty(key)).append('\n'));
        return out.toString();
    }

    /**
     * KRaft records the controller's endpoint in the voter set when storage is formatted, so a
     * broker restarted on the same data directory must get its old controller port back.
     */
    private static int stableControllerPort(Path directory) throws IOException {
        Path file = directory.resolve("controller.port");
        if (Files.exists(file)) {
            int port = Integer.parseInt(Files.readString(file).trim());
            if (Ports.isListening(port)) {
                throw new IllegalStateException("Controller port " + port + " recorded in " + file
                        + " is in use: is another broker running on " + directory + "?");
            }
            return port;
        }
        int port = Ports.free();
        Files.writeString(file, Integer.toString(port));
        return port;
    }

    /** Kafka's own ids never start with '-', which the storage tool would read as an option. */
    private static String randomClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
