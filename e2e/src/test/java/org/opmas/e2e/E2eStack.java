package org.opmas.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.opmas.devkit.launcher.ServiceSpec;
import org.opmas.devkit.launcher.StackLauncher;
import org.opmas.devkit.launcher.StackPorts;
import org.opmas.devkit.security.DevTokens;

/**
 * The whole OPMAS stack for the end-to-end suite: started once per test JVM exactly as
 * {@code ./opmas up} starts it (packaged services as separate processes, embedded PostgreSQL and
 * Kafka), but on free ports and with fresh data, and stopped when the JVM exits.
 */
public final class E2eStack {

    public static final String DEVICE_SERVICE = "device-service";
    public static final String AGENT_SERVICE = "agent-service";
    public static final String FINDING_SERVICE = "finding-service";
    public static final String PLAYBOOK_SERVICE = "playbook-service";
    public static final String ACTION_EXECUTOR = "action-executor";

    /** The subject of the suite's admin token: approvals and rejections are recorded under it. */
    public static final String SUBJECT = "e2e";

    private static StackLauncher stack;
    private static String adminToken;
    private static Exception startFailure;

    private E2eStack() {
    }

    public static synchronized StackLauncher get() {
        if (startFailure != null) {
            // One boot per JVM: a stack that did not come up is not retried by every later test.
            throw new IllegalStateException("The stack did not start; see the first failure and target/e2e-stack/logs",
                    startFailure);
        }
        if (stack == null) {
            Path repository = Path.of(System.getProperty("opmas.repository", ".."));
            Path home = Path.of(System.getProperty("opmas.e2e.home", "target/e2e-stack"));
            StackLauncher launcher = new StackLauncher(repository, home,
                    List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=96m", "-XX:TieredStopAtLevel=1"), StackPorts.free());
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "e2e-stack-stop"));
            try {
                launcher.startFresh();
            } catch (IOException | RuntimeException e) {
                startFailure = e;
                launcher.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            stack = launcher;
        }
        return stack;
    }

    public static String baseUrl(String service) {
        StackLauncher launcher = get();
        return launcher.ports().baseUrl(ServiceSpec.ALL.stream()
                .filter(s -> s.name().equals(service)).findFirst().orElseThrow());
    }

    /**
     * An admin bearer token the stack's services accept: signed with this installation's dev key
     * (the launcher points every service at its public half), like {@code ./opmas token --role admin}.
     */
    public static synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = DevTokens.forInstallation(get().home()).mint(SUBJECT, Set.of(DevTokens.ADMIN), Duration.ofHours(2));
        }
        return adminToken;
    }

    /** UDP and TCP, on all interfaces, so routers on 127.x.y.z addresses reach it at 127.0.0.1. */
    public static int syslogPort() {
        return get().ports().syslog();
    }

    public static String kafkaBootstrap() {
        return get().infrastructure().kafkaBootstrap();
    }

    /** Stops one service and starts it again (SIGTERM, as a pod stop), waiting until it is ready. */
    public static void restart(String service) {
        try {
            get().restart(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void stop(String service) {
        get().stop(service);
    }

    public static void start(String service) {
        try {
            get().start(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
