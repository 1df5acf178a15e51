package org.opmas.devkit.kafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the broker's own JVM: formats KRaft storage on first start, then runs
 * {@code kafka.Kafka}. It exits when the JVM that started it is gone, so a test JVM killed
 * with SIGKILL never leaves an orphan broker holding ports.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id> <parent-pid>}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id> <parent-pid>");
            System.exit(2);
        }
        String config = args[0];
        String clusterId = args[1];
        long parentPid = Long.parseLong(args[2]);

        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("Parent process " + parentPid + " exited; stopping the broker");
                    System.exit(0);
                }),
                () -> System.exit(0));

        Path metaProperties = Path.of(logDir(config), "meta.properties");
        if (!Files.exists(metaProperties)) {
            int formatted = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config, "--standalone", "--ignore-formatted"},
                    new PrintStream(System.out, true));
            if (formatted != 0) {
                System.err.println("Formatting KRaft storage failed with exit code " + formatted);
                System.exit(formatted);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static String logDir(String config) throws Exception {
        var properties = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of(config))) {
            properties.load(in);
        }
        return properties.getProperty("log.dirs");
    }
}
