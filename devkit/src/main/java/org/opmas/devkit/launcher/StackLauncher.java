package org.opmas.devkit.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.devkit.Ports;
import org.opmas.devkit.security.DevTokens;

/**
 * Runs the whole OPMAS stack on one machine: embedded PostgreSQL and Kafka, then the five
 * services as separate JVMs (their Quarkus fast-jars), each logging to its own file. Used by
 * {@code ./opmas up}; the end-to-end suite boots the stack the same way.
 *
 * <p>Layout under the home directory (default {@code .opmas}): {@code data/} (database and broker,
 * kept across restarts), {@code logs/<service>.log}, {@code secrets/master.key} (generated once per
 * installation), {@code secrets/jwt-signing.pem} + {@code jwt-public.pem} (the dev token key, see
 * {@link DevTokens}), {@code run/launcher.pid}.
 */
public final class StackLauncher implements AutoCloseable {

    /** How long the services get to become ready; {@code -Dopmas.ready-timeout-seconds} for slow or busy machines. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("opmas.ready-timeout-seconds", 180));

    /**
     * JVM options of every service unless {@code -Dopmas.service-jvm-options} (bench: {@code
     * --service-jvm-options}) replaces them; a service's own {@link ServiceSpec#jvmOptions()} follow them.
     * {@code MetaspaceSize} sits above what a service loads (46–71 MB): with the JVM's ~21 MB default each
     * service ran three or four full collections of 100–870 ms while it started and warmed up.
     */
    public static final String DEFAULT_SERVICE_JVM_OPTIONS =
            "-Xms32m -Xmx384m -XX:+UseSerialGC -XX:MetaspaceSize=96m -XX:MaxMetaspaceSize=192m";

    /** JVM options of the Kafka broker unless {@code -Dopmas.kafka-jvm-options} (bench: {@code --kafka-jvm-options}) replaces them. */
    public static final String DEFAULT_KAFKA_JVM_OPTIONS = "-Xms64m -Xmx512m -XX:+UseParallelGC";

    private final Path repository;
    private final Path home;
    private final List<String> serviceJvmOptions;
    private List<String> kafkaJvmOptions = jvmOptions(System.getProperty("opmas.kafka-jvm-options", DEFAULT_KAFKA_JVM_OPTIONS));
    private final StackPorts ports;
    private final Map<String, Process> services = new LinkedHashMap<>();
    private OpmasInfrastructure infrastructure;

    public StackLauncher(Path repository, Path home, List<String> serviceJvmOptions, StackPorts ports) {
        this.repository = repository.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.serviceJvmOptions = serviceJvmOptions;
        this.ports = ports;
    }

    /** JVM options written as one whitespace-separated string (a system property or a command-line option). */
    public static List<String> jvmOptions(String options) {
        // A blank string means none: "".split gives one empty argument, which java takes for a class name.
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** Replaces the broker's JVM options (before {@link #start()}). */
    public StackLauncher withKafkaJvmOptions(List<String> options) {
        this.kafkaJvmOptions = List.copyOf(options);
        return this;
    }

    public StackPorts ports() {
        return ports;
    }

    /** The installation directory (data, logs, secrets): what {@link DevTokens#forInstallation(Path)} takes. */
    public Path home() {
        return home;
    }

    public OpmasInfrastructure.Coordinates infrastructure() {
        return infrastructure.coordinates();
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "up";
        Path repository = Path.of(System.getProperty("opmas.repository", "."));
        Path home = Path.of(System.getProperty("opmas.home", ".opmas"));
        boolean fresh = List.of(args).contains("--fresh");
        List<String> jvmOptions = jvmOptions(System.getProperty("opmas.service-jvm-options", DEFAULT_SERVICE_JVM_OPTIONS));
        switch (command) {
            case "up" -> up(new StackLauncher(repository, home, jvmOptions, StackPorts.defaults()), fresh);
            case "status" -> System.exit(status(StackPorts.defaults()) ? 0 : 1);
            default -> {
                System.err.println("usage: StackLauncher up [--fresh] | status");
                System.exit(2);
            }
        }
    }

    private static void up(StackLauncher launcher, boolean fresh) throws Exception {
        Path pidFile = launcher.home.resolve("run/launcher.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("OPMAS is already running (launcher pid " + pid + "). "
                        + "See ./opmas status; stop it with Ctrl-C in its terminal or ./opmas down.");
                System.exit(3);
            }
        }
        List<String> busy = new ArrayList<>();
        for (int port : launcher.requiredPorts()) {
            if (Ports.isListening(port)) {
                busy.add(Integer.toString(port));
            }
        }
        if (!busy.isEmpty()) {
            System.err.println("Ports in use: " + String.join(", ", busy)
                    + ". Another OPMAS or another program holds them; stop it first.");
            System.exit(4);
        }
        if (fresh) {
            deleteRecursively(launcher.home.resolve("data"));
        }
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping OPMAS…");
            launcher.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // best effort: a stale pid file is detected as not alive on the next start
            }
            stopped.countDown();
        }, "opmas-stop"));
        try {
            launcher.start();
        } catch (RuntimeException e) {
            System.err.println("OPMAS did not start: " + e.getMessage());
            System.exit(1);
        }
        launcher.printSummary();
        stopped.await();
    }

    /** Like {@link #start()}, on an empty data directory (tests). */
    public void startFresh() throws IOException {
        deleteRecursively(home.resolve("data"));
        start();
    }

    /** Starts infrastructure and services and waits until every service is ready. */
    public void start() throws IOException {
        log("Starting PostgreSQL (:" + ports.postgres() + ") and Kafka (:" + ports.kafka() + ") under " + home.resolve("data"));
        infrastructure = OpmasInfrastructure.start(new OpmasInfrastructure.Options(
                Files.createDirectories(home.resolve("data")), ports.postgres(), ports.kafka(),
                kafkaJvmOptions, Map.of()));
        for (ServiceSpec service : ServiceSpec.ALL) {
            services.put(service.name(), launch(service));
        }
        awaitReady(ServiceSpec.ALL);
    }

    /** Starts one service's JVM with the stack's settings; its log is appended to {@code logs/<service>.log}. */
    private Process launch(ServiceSpec service) throws IOException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        OpmasInfrastructure.Coordinates infra = infrastructure.coordinates();
        String masterKey = masterKey();
        DevTokens tokens = DevTokens.forInstallation(home);
        Path jar = repository.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(serviceJvmOptions);
        command.addAll(service.jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repository.resolve(service.name()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service.name() + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("OPMAS_HTTP_PORT", Integer.toString(ports.http(service)));
        // device-service reads OPMAS_SYSLOG_PORT (application.properties): without it a second stack
        // (the e2e suite beside ./opmas up) would try to bind the default 5514.
        env.put("OPMAS_SYSLOG_PORT", Integer.toString(ports.syslog()));
        env.put("OPMAS_DB_REACTIVE_URL", infra.reactiveUrl());
        env.put("OPMAS_DB_USER", service.databaseRole());
        env.put("OPMAS_DB_PASSWORD", OpmasInfrastructure.devPassword(service.databaseRole()));
        env.put("OPMAS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
        env.put("OPMAS_MASTER_KEY", masterKey);
        env.put("OPMAS_JWT_ISSUER", tokens.issuer());
        env.put("OPMAS_JWT_PUBLIC_KEY_LOCATION", DevTokens.publicKeyFile(home).toString());
        env.put("TZ", "UTC");
        log("Starting " + service.name() + " on :" + ports.http(service) + " (log: " + logs.resolve(service.name() + ".log") + ")");
        return builder.start();
    }

    /**
     * Stops one service the way Kubernetes stops a pod (SIGTERM: Quarkus shuts down gracefully;
     * SIGKILL after 20 s) and leaves the rest of the stack running. Tests use it to restart a service
     * mid-flow.
     */
    public synchronized void stop(String service) {
        Process process = services.remove(spec(service).name());
        if (process == null) {
            throw new IllegalStateException(service + " is not running");
        }
        log("Stopping " + service);
        stopProcess(process);
    }

    /** Starts one stopped service again with the same settings and waits until it is ready. */
    public synchronized void start(String service) throws IOException {
        ServiceSpec spec = spec(service);
        if (services.containsKey(spec.name())) {
            throw new IllegalStateException(service + " is already running");
        }
        services.put(spec.name(), launch(spec));
        awaitReady(List.of(spec));
    }

    /** {@link #stop(String)} then {@link #start(String)}. */
    public void restart(String service) throws IOException {
        stop(service);
        start(service);
    }

    private static ServiceSpec spec(String service) {
        return ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service " + service));
    }

    private void awaitReady(List<ServiceSpec> specs) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<ServiceSpec> waiting = new ArrayList<>(specs);
        while (!waiting.isEmpty()) {
            for (ServiceSpec service : List.copyOf(waiting)) {
                Process process = services.get(service.name());
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited with code " + process.exitValue()
                            + "; see " + home.resolve("logs/" + service.name() + ".log"));
                }
                if (ready(http, ports.baseUrl(service))) {
                    log(service.name() + " is ready");
                    waiting.remove(service);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Not ready within " + READY_TIMEOUT.toSeconds() + " s: " + waiting);
            }
            sleep(500);
        }
    }

    static boolean ready(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Prints each service's readiness; true when all are ready. */
    static boolean status(StackPorts ports) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        boolean all = true;
        System.out.printf("%-18s %-6s %s%n", "SERVICE", "PORT", "READY");
        for (ServiceSpec service : ServiceSpec.ALL) {
            boolean ready = ready(http, ports.baseUrl(service));
            all &= ready;
            System.out.printf("%-18s %-6d %s%n", service.name(), ports.http(service), ready ? "UP" : "DOWN");
        }
        System.out.printf("%-18s %-6d %s%n", "postgresql", ports.postgres(), Ports.isListening(ports.postgres()) ? "UP" : "DOWN");
        System.out.printf("%-18s %-6d %s%n", "kafka", ports.kafka(), Ports.isListening(ports.kafka()) ? "UP" : "DOWN");
        return all;
    }

    private void printSummary() {
        OpmasInfrastructure.Coordinates infra = infrastructure.coordinates();
        StringBuilder out = new StringBuilder("\nOPMAS is up.\n\n");
        for (ServiceSpec service : ServiceSpec.ALL) {
            out.append(String.format("  %-17s %s/api/v1   Swagger UI: %s/q/swagger-ui%n",
                    service.name(), ports.baseUrl(service), ports.baseUrl(service)));
        }
        out.append(String.format("%n  syslog            udp+tcp 127.0.0.1:%d (point routers' log_ip here)%n", ports.syslog()));
        out.append(String.format("  PostgreSQL        %s (user postgres)%n", infra.jdbcUrl()));
        out.append(String.format("  Kafka             %s%n", infra.kafkaBootstrap()));
        out.append(String.format("  logs              %s/<service>.log  (./opmas logs <service>)%n", home.resolve("logs")));
        out.append(String.format("  data              %s  (./opmas up --fresh starts over)%n", home.resolve("data")));
        String adminToken = DevTokens.forInstallation(home).mint("opmas-admin", Set.of(DevTokens.ADMIN), Duration.ofHours(8));
        out.append(String.format("%n  admin token (8 h) %s%n", adminToken));
        out.append("  more tokens       ./opmas token --role viewer|operator|admin [--subject name] [--ttl 8h]\n");
        out.append("\nCtrl-C stops everything.\n");
        System.out.print(out);
        System.out.flush();
    }

    private String masterKey() throws IOException {
        Path file = home.resolve("secrets/master.key");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            log("Generated this installation's master key in " + file + " (keep it: SSH keys are sealed with it)");
        }
        return Files.readString(file).trim();
    }

    private List<Integer> requiredPorts() {
        List<Integer> required = new ArrayList<>(List.of(ports.postgres(), ports.kafka(), ports.syslog()));
        required.addAll(ports.http().values());
        return required;
    }

    @Override
    public void close() {
        List<Process> running = new ArrayList<>(services.values());
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        services.clear();
        if (infrastructure != null) {
            infrastructure.close();
            infrastructure = null;
        }
    }

    private static void stopProcess(Process process) {
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void log(String message) {
        System.out.println("[opmas] " + message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
