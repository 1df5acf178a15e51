package org.opmas.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.opmas.devkit.launcher.ServiceSpec;
import org.opmas.devkit.launcher.StackLauncher;
import org.opmas.devkit.launcher.StackPorts;

/**
 * The whole OPMAS stack for the end-to-end suite: started once per test JVM exactly as
 * {@code ./opmas up} starts it (packaged services as separate processes, embedded PostgreSQL and
 * Kafka), but on free ports and with fresh data, and stopped when the JVM exits.
 */
public final class E2eStack {

    private static StackLauncher stack;

    private E2eStack() {
    }

    public static synchronized StackLauncher get() {
        if (stack == null) {
            Path repository = Path.of(System.getProperty("opmas.repository", ".."));
            Path home = Path.of(System.getProperty("opmas.e2e.home", "target/e2e-stack"));
            StackLauncher launcher = new StackLauncher(repository, home,
                    List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), StackPorts.free());
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "e2e-stack-stop"));
            try {
                launcher.startFresh();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
}
