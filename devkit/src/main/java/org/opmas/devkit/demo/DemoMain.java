package org.opmas.devkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.opmas.devkit.Ports;
import org.opmas.devkit.demo.DemoConsole.Kind;
import org.opmas.devkit.launcher.ServiceSpec;
import org.opmas.devkit.launcher.StackLauncher;
import org.opmas.devkit.launcher.StackPorts;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.simulator.SimulatedFleet;
import org.opmas.devkit.simulator.SimulatedRouter;

/**
 * {@code ./opmas demo}: starts the stack as {@code ./opmas up} does, adds five simulated routers
 * (registered through device-service with generated keys), plays {@link DemoScenario#storyline} and
 * prints each finding and action as it happens. Ctrl-C stops everything, routers included.
 *
 * <p>The demo runs on its own data under {@code <home>/demo}, wiped at every start: a second demo
 * would otherwise meet the first one's cooldowns and open findings, and the operator's data of
 * {@code ./opmas up} is never touched. It shares {@code <home>/run/launcher.pid} with {@code up}, so
 * the two exclude each other and {@code ./opmas down} stops either.
 */
public final class DemoMain {

    private static final int ROUTERS = 5;
    /** Routers on 127.77.0.1–5: a block of its own, away from the simulator tests' blocks. */
    private static final int ADDRESS_BLOCK = 77;
    private static final Duration FINDING_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(150);

    private final DemoConsole console;
    private final StackLauncher launcher;
    private final Path stackHome;
    private final StackPorts ports;
    private SimulatedFleet fleet;
    private DemoWatcher watcher;

    private DemoMain(DemoConsole console, StackLauncher launcher, Path stackHome, StackPorts ports) {
        this.console = console;
        this.launcher = launcher;
        this.stackHome = stackHome;
        this.ports = ports;
    }

    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        for (String arg : args) {
            if (!arg.equals("--once")) {
                System.err.println("usage: ./opmas demo [--once]   (--once: stop everything after the scenarios)");
                System.exit(2);
            }
        }
        Path repository = Path.of(System.getProperty("opmas.repository", "."));
        Path home = Path.of(System.getProperty("opmas.home", ".opmas")).toAbsolutePath().normalize();
        Path stackHome = home.resolve("demo");
        List<String> jvmOptions = StackLauncher.jvmOptions(System.getProperty("opmas.service-jvm-options",
                StackLauncher.DEFAULT_SERVICE_JVM_OPTIONS));
        StackPorts ports = StackPorts.defaults();
        DemoConsole console = new DemoConsole(System.out, DemoConsole.stdoutIsTerminal(), Clock.systemDefaultZone());

        Path pidFile = home.resolve("run/launcher.pid");
        refuseIfRunning(pidFile, ports);
        deleteRecursively(stackHome.resolve("data"));
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));

        DemoMain demo = new DemoMain(console, new StackLauncher(repository, stackHome, jvmOptions, ports), stackHome, ports);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.print(Kind.STACK, "stopping the routers and OPMAS…");
            demo.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is detected as not alive on the next start
            }
            stopped.countDown();
        }, "opmas-demo-stop"));

        boolean allPassed;
        try {
            allPassed = demo.run();
        } catch (RuntimeException e) {
            console.print(Kind.WARN, "the demo stopped: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (once) {
            System.exit(allPassed ? 0 : 1);
        }
        stopped.await();
    }

    private boolean run() throws IOException {
        console.print(Kind.STACK, "starting PostgreSQL, Kafka and the five services (demo data: " + stackHome.resolve("data")
                + ", logs: " + stackHome.resolve("logs") + ")");
        launcher.start();
        console.print(Kind.STACK, "all five services are ready");
        String token = DevTokens.forInstallation(stackHome).mint("opmas-demo", Set.of(DevTokens.ADMIN), Duration.ofHours(8));
        OpmasApi api = new OpmasApi(() -> token);

        fleet = SimulatedFleet.start("demo-ap", ROUTERS, List.of(), ADDRESS_BLOCK);
        Map<Long, String> deviceNames = new ConcurrentHashMap<>();
        Map<SimulatedRouter, Long> deviceIds = new LinkedHashMap<>();
        String devices = url("device-service");
        for (SimulatedRouter router : fleet.routers()) {
            long id = register(api, devices, router);
            deviceIds.put(router, id);
            deviceNames.put(id, router.hostname());
        }

        watcher = new DemoWatcher(api, console, url("finding-service"), url("playbook-service"),
                Instant.now().minusSeconds(5), deviceNames);
        Thread polling = new Thread(watcher, "opmas-demo-watcher");
        polling.setDaemon(true);
        polling.start();

        String attacker = "203.0.113." + ThreadLocalRandom.current().nextInt(10, 250);
        String client = String.format("02:00:5e:%02x:%02x:%02x", ThreadLocalRandom.current().nextInt(256),
                ThreadLocalRandom.current().nextInt(256), ThreadLocalRandom.current().nextInt(256));
        List<DemoScenario> storyline = DemoScenario.storyline(attacker, client);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < storyline.size(); i++) {
            DemoScenario scenario = storyline.get(i);
            SimulatedRouter router = fleet.router(scenario.router());
            if (!play(i + 1, storyline.size(), scenario, router, deviceIds.get(router))) {
                failed.add(scenario.title());
            }
        }
        watcher.poll();
        long succeeded = watcher.allActions().stream().filter(a -> "succeeded".equals(a.path("status").asText())).count();
        console.print(failed.isEmpty() ? Kind.DONE : Kind.WARN, String.format(
                "storyline finished: %d findings, %d actions (%d succeeded)%s", watcher.findingCount(),
                watcher.allActions().size(), succeeded, failed.isEmpty() ? "" : "; did not complete: " + failed));
        printWhereThingsAre(token);
        return failed.isEmpty();
    }

    private long register(OpmasApi api, String devices, SimulatedRouter router) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ssh_port", router.port());
        config.put("ssh_user", router.user());
        config.put("host_key", router.hostKeyLine());
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("hostname", router.hostname());
        device.put("ip_address", router.host());
        device.put("model", "Simulated OpenWrt router");
        device.put("firmware_version", "OpenWrt 23.05.5");
        device.put("config", config);
        JsonNode created = api.post(devices + "/api/v1/devices", device);
        long id = created.path("id").asLong();
        JsonNode key = api.post(devices + "/api/v1/devices/" + id + "/keys/generate", Map.of("active", true));
        router.authorizeKey(key.path("public_key").asText());
        console.print(Kind.ROUTER, String.format("%s ssh %s@%s:%d → device #%d; generated key %s %s, authorized on the router",
                router.hostname(), router.user(), router.host(), router.port(), id,
                key.path("key_type").asText(), key.path("fingerprint").asText()));
        return id;
    }

    private boolean play(int number, int total, DemoScenario scenario, SimulatedRouter router, long deviceId) {
        List<String> lines = scenario.linesFor(router.hostname());
        console.print(Kind.SCENARIO, String.format("%d/%d %s on %s", number, total, scenario.title(), router.hostname()));
        console.print(Kind.SYSLOG, String.format("%s sends %d lines (udp %s → :%d), e.g. %s", router.hostname(),
                lines.size(), router.host(), ports.syslog(), lines.get(0)));
        RouterSyslog.send(router.host(), "127.0.0.1", ports.syslog(), lines);

        if (!await(FINDING_TIMEOUT, () -> watcher.finding(deviceId, scenario.findingType()).isPresent())) {
            console.print(Kind.WARN, "no " + scenario.findingType() + " finding within " + FINDING_TIMEOUT.toSeconds()
                    + " s; see " + stackHome.resolve("logs") + "/agent-service.log");
            return false;
        }
        JsonNode finding = watcher.finding(deviceId, scenario.findingType()).orElseThrow();
        boolean settled = await(SETTLE_TIMEOUT, () -> watcher.settled(finding));
        console.print(Kind.ROUTER_STATE, router.hostname() + ": " + scenario.routerState().apply(router.state()));
        if (!settled) {
            console.print(Kind.WARN, "the playbook of finding #" + finding.path("id").asText() + " did not finish within "
                    + SETTLE_TIMEOUT.toSeconds() + " s; see the logs of playbook-service and action-executor");
            return false;
        }
        boolean resolved = await(Duration.ofSeconds(15), () -> watcher.finding(deviceId, scenario.findingType())
                .map(f -> "resolved".equals(f.path("status").asText())).orElse(false));
        boolean allSucceeded = watcher.actionsOf(finding.path("id").asLong()).stream()
                .allMatch(a -> "succeeded".equals(a.path("status").asText()));
        if (!resolved || !allSucceeded) {
            console.print(Kind.WARN, "finding #" + finding.path("id").asText() + (resolved ? " resolved" : " not resolved")
                    + (allSucceeded ? "" : ", not every action succeeded"));
            return false;
        }
        return true;
    }

    /** Polls every 500 ms until the condition holds or the timeout passes; a failed poll counts as "not yet". */
    private static boolean await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // the watcher reports polling problems; keep waiting until the deadline
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void printWhereThingsAre(String token) {
        StringBuilder out = new StringBuilder("\nOPMAS keeps running with the demo's routers; explore it:\n");
        for (ServiceSpec service : ServiceSpec.ALL) {
            out.append(String.format("  %-17s %s/api/v1   Swagger UI: %s/q/swagger-ui%n", service.name(),
                    ports.baseUrl(service), ports.baseUrl(service)));
        }
        out.append(String.format("  findings          curl -H 'Authorization: Bearer $TOKEN' %s/api/v1/findings%n",
                url("finding-service")));
        out.append(String.format("  logs              %s/<service>.log%n", stackHome.resolve("logs")));
        out.append(String.format("  admin token (8 h) %s%n", token));
        out.append("\nCtrl-C stops everything (routers included).\n");
        System.out.print(out);
        System.out.flush();
    }

    private String url(String service) {
        return ServiceSpec.ALL.stream().filter(s -> s.name().equals(service)).findFirst()
                .map(ports::baseUrl).orElseThrow();
    }

    private void close() {
        if (watcher != null) {
            watcher.stop();
        }
        if (fleet != null) {
            fleet.close();
        }
        launcher.close();
    }

    private static void refuseIfRunning(Path pidFile, StackPorts ports) throws IOException {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("OPMAS is already running (launcher pid " + pid + "); stop it first with ./opmas down");
                System.exit(3);
            }
        }
        List<Integer> required = new ArrayList<>(List.of(ports.postgres(), ports.kafka(), ports.syslog()));
        required.addAll(ports.http().values());
        List<String> busy = required.stream().filter(Ports::isListening).map(String::valueOf).toList();
        if (!busy.isEmpty()) {
            System.err.println("Ports in use: " + String.join(", ", busy)
                    + ". Another OPMAS or another program holds them; stop it first.");
            System.exit(4);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
