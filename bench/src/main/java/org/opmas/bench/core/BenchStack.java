package org.opmas.bench.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.devkit.launcher.ServiceSpec;
import org.opmas.devkit.launcher.StackLauncher;
import org.opmas.devkit.launcher.StackPorts;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.simulator.SimulatedRouter;

/**
 * The stack under test: started exactly like {@code ./opmas up} (packaged services as separate JVMs,
 * embedded PostgreSQL and Kafka) on a dedicated home with fresh data and free ports, plus the calls
 * every scenario needs (HTTP with a token, Kafka offsets, the admin database connection, fixtures).
 */
public final class BenchStack implements AutoCloseable {

    private final StackLauncher launcher;
    private final Path home;
    private final BenchHttp http;

    private BenchStack(StackLauncher launcher, Path home, BenchHttp http) {
        this.launcher = launcher;
        this.home = home;
        this.http = http;
    }

    public static BenchStack start(Path repository, Path home, List<String> serviceJvmOptions,
            List<String> kafkaJvmOptions, Duration readyTimeout) throws IOException {
        StackLauncher launcher = new StackLauncher(repository, home, serviceJvmOptions, StackPorts.free())
                .withKafkaJvmOptions(kafkaJvmOptions);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "bench-stack-stop"));
        long started = System.nanoTime();
        String token = DevTokens.forInstallation(home).mint("opmas-bench", Set.of(DevTokens.ADMIN), Duration.ofHours(12));
        BenchStack stack = new BenchStack(launcher, home, new BenchHttp(token));
        try {
            launcher.startFresh();
        } catch (IllegalStateException e) {
            // The launcher gives services 180 s; a loaded machine may need longer. Its processes keep running.
            if (e.getMessage() == null || !e.getMessage().startsWith("Not ready within")) {
                throw e;
            }
            System.out.println("[bench] " + e.getMessage() + "; waiting up to " + readyTimeout.toSeconds() + " s in all");
            stack.awaitReady(readyTimeout.minusNanos(System.nanoTime() - started));
        }
        System.out.printf("[bench] stack ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return stack;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceSpec service : ServiceSpec.ALL) {
            while (true) {
                try {
                    if (http.send(http.request(url(service.name(), "/q/health/ready")).GET().build()).statusCode() == 200) {
                        break;
                    }
                } catch (IllegalStateException notListening) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name() + " not ready in time; see " + home.resolve("logs"));
                }
                Poll.sleep(1000);
            }
        }
    }

    public BenchHttp http() {
        return http;
    }

    public Path home() {
        return home;
    }

    public String url(String service, String path) {
        ServiceSpec spec = ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
        return launcher.ports().baseUrl(spec) + path;
    }

    public int syslogPort() {
        return launcher.ports().syslog();
    }

    public String kafkaBootstrap() {
        return launcher.infrastructure().kafkaBootstrap();
    }

    public OpmasInfrastructure.Coordinates infrastructure() {
        return launcher.infrastructure();
    }

    public Connection adminConnection() throws SQLException {
        return launcher.infrastructure().connectAsAdmin();
    }

    public StackProcesses processes() {
        return StackProcesses.find(home.resolve("data"));
    }

    /** The sum of a counter over the service's /q/metrics. */
    public double metric(String service, String name) {
        return PrometheusText.sum(http.get(url(service, "/q/metrics")), name);
    }

    /** Sum of the end offsets of a topic's partitions: records ever written to it. */
    public long endOffsets(String topic) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        try (Admin admin = Admin.create(config)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic, e);
        }
    }

    // ---- fixtures through the services' own APIs ----

    /** Registers a device; returns its id. */
    public long registerDevice(String hostname, String ipAddress, Map<String, Object> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hostname", hostname);
        body.put("ip_address", ipAddress);
        body.put("model", "bench");
        if (config != null) {
            body.put("config", config);
        }
        return http.postJson(url("device-service", "/api/v1/devices"), body, 201).get("id").asLong();
    }

    /** Registers a device that is a simulated router, with a generated key the router trusts; returns its id. */
    public long registerRouter(SimulatedRouter router) {
        long id = registerDevice(router.hostname(), router.host(), Map.of(
                "ssh_port", router.port(), "ssh_user", router.user(), "host_key", router.hostKeyLine()));
        JsonNode key = http.postJson(url("device-service", "/api/v1/devices/" + id + "/keys/generate"),
                Map.of("active", true), 201);
        router.authorizeKey(key.get("public_key").asText());
        return id;
    }

    public long createAgent(String name) {
        return http.postJson(url("agent-service", "/api/v1/agents"), Map.of(
                "name", name, "type", "bench", "description", "load harness", "is_active", true), 201).get("id").asLong();
    }

    public long createRule(long agentId, Map<String, Object> rule) {
        return http.postJson(url("agent-service", "/api/v1/agents/" + agentId + "/rules"), rule, 201).get("id").asLong();
    }

    public long createPlaybook(Map<String, Object> playbook) {
        return http.postJson(url("playbook-service", "/api/v1/playbooks"), playbook, 201).get("id").asLong();
    }

    @Override
    public void close() {
        launcher.close();
    }
}
