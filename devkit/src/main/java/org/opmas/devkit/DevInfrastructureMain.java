package org.opmas.devkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs PostgreSQL and Kafka for a local OPMAS until interrupted.
 *
 * <pre>
 * java -cp ... org.opmas.devkit.DevInfrastructureMain [--dir .opmas/data] [--pg-port 15432] [--kafka-port 19092]
 * </pre>
 *
 * Data lives under {@code --dir} and survives restarts. Prints {@code READY} and the coordinates
 * (as {@code KEY=value} lines) once both servers accept connections and the schema is migrated.
 */
public final class DevInfrastructureMain {

    private DevInfrastructureMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(".opmas", "data");
        int pgPort = 15432;
        int kafkaPort = 19092;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--pg-port" -> pgPort = Integer.parseInt(args[++i]);
                case "--kafka-port" -> kafkaPort = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("Unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (Ports.isListening(pgPort) || Ports.isListening(kafkaPort)) {
            System.err.println("Port " + pgPort + " or " + kafkaPort
                    + " is already in use: is OPMAS infrastructure already running?");
            System.exit(3);
        }
        Files.createDirectories(dir);
        OpmasInfrastructure infrastructure = OpmasInfrastructure.start(new OpmasInfrastructure.Options(
                dir.toAbsolutePath(), pgPort, kafkaPort,
                List.of("-Xms128m", "-Xmx1g", "-XX:+UseParallelGC"), System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infrastructure.close();
            stopped.countDown();
        }, "opmas-infrastructure-stop"));
        OpmasInfrastructure.Coordinates c = infrastructure.coordinates();
        System.out.println("OPMAS_DB_URL=" + c.jdbcUrl());
        System.out.println("OPMAS_DB_REACTIVE_URL=" + c.reactiveUrl());
        System.out.println("OPMAS_KAFKA_BOOTSTRAP=" + c.kafkaBootstrap());
        System.out.println("READY");
        System.out.flush();
        stopped.await();
    }
}
