package org.opmas.devkit.simulator;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Many {@link SimulatedRouter}s in one JVM, one SSH server each (they share the simulator's IO,
 * timer and command threads), all accepting the same authorized keys.
 */
public final class SimulatedFleet implements AutoCloseable {

    private final List<SimulatedRouter> routers;

    private SimulatedFleet(List<SimulatedRouter> routers) {
        this.routers = routers;
    }

    /**
     * Starts {@code size} routers named {@code <prefix>-<n>} (n from 1), router n on its own address
     * {@link #address(int, int) 127.<block>.x.y} and a free port.
     * Startup runs a few at a time: each binds a socket and generates a host key.
     */
    public static SimulatedFleet start(String prefix, int size, Collection<PublicKey> authorizedKeys) {
        return start(prefix, size, authorizedKeys, 2 + Math.floorMod(prefix.hashCode(), 200));
    }

    /** As {@link #start(String, int, Collection)}, on addresses {@code 127.<block>.*.*}. */
    public static SimulatedFleet start(String prefix, int size, Collection<PublicKey> authorizedKeys, int block) {
        if (size > 250 * 250) {
            throw new IllegalArgumentException("at most 62,500 routers per address block");
        }
        List<SimulatedRouter> routers = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            routers.add(SimulatedRouter.builder(prefix + "-" + i).host(address(block, i))
                    .authorizedKeys(authorizedKeys).build());
        }
        ExecutorService starter = Executors.newFixedThreadPool(4, SimulatorThreads.daemon("sim-fleet-start"));
        try {
            CompletableFuture.allOf(routers.stream()
                    .map(r -> CompletableFuture.runAsync(r::start, starter))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            routers.forEach(SimulatedRouter::close);
            throw e;
        } finally {
            starter.shutdown();
        }
        return new SimulatedFleet(List.copyOf(routers));
    }

    /** The address of router {@code n} (from 1) in an address block: 127.block.(n-1)/250.(n-1)%250+1. */
    public static String address(int block, int n) {
        return "127." + block + "." + ((n - 1) / 250) + "." + ((n - 1) % 250 + 1);
    }

    public List<SimulatedRouter> routers() {
        return routers;
    }

    public SimulatedRouter router(int index) {
        return routers.get(index);
    }

    public int size() {
        return routers.size();
    }

    /** Commands received by all routers together. */
    public int totalCommandsReceived() {
        return routers.stream().mapToInt(r -> r.receivedCommands().size()).sum();
    }

    @Override
    public void close() {
        routers.parallelStream().forEach(SimulatedRouter::close);
    }
}
