package org.opmas.bench.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/** Registers many simulated sources as devices, a few API calls in parallel. */
public final class Fleet {

    /** Address {@code n} (from 1) in block 127.{@code block}.x.y, as {@link org.opmas.devkit.simulator.SimulatedFleet} numbers them. */
    public static String address(int block, int n) {
        return org.opmas.devkit.simulator.SimulatedFleet.address(block, n);
    }

    /** Runs {@code register} for 1..n with 8 calls in flight; returns the results in order. */
    public static <T> List<T> register(int n, IntFunction<T> register) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<T>> futures = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> register.apply(index), pool));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    private Fleet() {
    }
}
