package org.opmas.devkit.simulator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads shared by every simulated router in the JVM. MINA SSHD gives each server its own NIO
 * pool and scheduler by default (about cores + 2 threads per router), which a fleet of 1,000
 * routers cannot afford; here all routers share one IO pool, one scheduler and one pool for the
 * commands themselves (commands block: sleep, hang). All threads are daemons, so a main that
 * forgets to stop its routers still exits.
 */
final class SimulatorThreads {

    static final ExecutorService IO = Executors.newCachedThreadPool(daemon("sim-sshd-io"));
    static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2, daemon("sim-sshd-timer"));
    static final ExecutorService COMMANDS = Executors.newCachedThreadPool(daemon("sim-router-cmd"));

    private SimulatorThreads() {
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
