package org.opmas.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.SimulatedFleet;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.executor.config.ExecutorConfig;
import org.opmas.executor.ssh.SshClient;
import org.opmas.executor.ssh.SshOutcome;
import org.opmas.executor.ssh.SshTarget;
import org.opmas.executor.support.Fixtures;

/**
 * The SSH half of {@link FleetBenchmark} alone: process CPU per action of the executor's
 * {@link SshClient} (JSch) against simulated routers in the same JVM (connect, key exchange,
 * host-key check against the pin, public-key auth, one exec, close), without Quarkus, Kafka or
 * PostgreSQL. It is the figure the SSH-side levers in docs/benchmarks/action-executor.md were
 * measured with. Not part of the normal run (surefire only picks *Test); sizes from
 * {@code -Dssh.routers} (50), {@code -Dssh.actions} (800), {@code -Dssh.threads} (16).
 */
class SshConnectionBenchmark {

    private static final String COMMAND = "ubus call system info; free; df -h";

    @Test
    void cpuPerSshAction() throws Exception {
        // As in the service (quarkus.log.level=INFO): without Quarkus the log manager would let MINA
        // format its debug and trace messages, a cost the executor never pays.
        Logger.getLogger("").setLevel(Level.INFO);
        int routers = Integer.getInteger("ssh.routers", 50);
        int actions = Integer.getInteger("ssh.actions", 800);
        int threads = Integer.getInteger("ssh.threads", 16);
        Fixtures.ClientKey key = Fixtures.ed25519();
        SshClient client = new SshClient(config(threads));
        try (SimulatedFleet fleet = SimulatedFleet.start("sshbench", routers,
                List.of(SimulatedRouter.parsePublicKey(key.publicKeyLine())), 149)) {
            Run warmUp = run(fleet, client, key, Math.max(actions / 4, routers), threads);
            assertThat(warmUp.succeeded()).isEqualTo(warmUp.actions());
            Run measured = run(fleet, client, key, actions, threads);
            System.out.printf("%nSSH BENCHMARK: %d actions (%d succeeded) on %d routers with %d threads in %d ms;"
                    + " process CPU %.1f s = %.1f ms per action (client + simulated server); host key %s%n",
                    measured.actions(), measured.succeeded(), routers, threads, measured.wallMs(), measured.cpuMs() / 1000.0,
                    measured.cpuMs() / measured.actions(), fleet.router(0).hostKeyLine().split(" ")[0]);
            assertThat(measured.succeeded()).isEqualTo(actions);
        }
    }

    private record Run(int actions, int succeeded, long wallMs, double cpuMs) {
    }

    private static Run run(SimulatedFleet fleet, SshClient client, Fixtures.ClientKey key, int actions, int threads)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        byte[] privateKey = key.privateKeyPem().getBytes(StandardCharsets.UTF_8);
        AtomicInteger succeeded = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>(actions);
            for (int i = 0; i < actions; i++) {
                SimulatedRouter router = fleet.router(i % fleet.size());
                long deviceId = i;
                done.add(pool.submit(() -> {
                    SshOutcome outcome = client.run(new SshTarget(deviceId, router.host(), router.port(), router.user(),
                            privateKey.clone(), router.hostKeyLine(), false), COMMAND, Duration.ofSeconds(30));
                    if (outcome.kind() == SshOutcome.Kind.COMPLETED && Integer.valueOf(0).equals(outcome.exitCode())) {
                        succeeded.incrementAndGet();
                    } else {
                        System.out.println("SSH BENCHMARK: action failed: " + outcome);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Run(actions, succeeded.get(), (System.nanoTime() - t0) / 1_000_000,
                (os.getProcessCpuTime() - cpu0) / 1e6);
    }

    private static ExecutorConfig config(int threads) {
        return new ExecutorConfig() {
            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(20);
            }

            @Override
            public int maxConcurrency() {
                return threads;
            }

            @Override
            public int perDeviceRateLimit() {
                return 30;
            }

            @Override
            public Duration rateWindow() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int maxOutputBytes() {
                return 65536;
            }

            @Override
            public Duration retryBackoff() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration retryBackoffMax() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration staleGrace() {
                return Duration.ofMinutes(65);
            }

            @Override
            public Duration sweepInterval() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration sweepMinAge() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
