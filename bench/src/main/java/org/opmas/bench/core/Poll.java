package org.opmas.bench.core;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Polls a growing counter until it reaches a target or stops growing. */
public final class Poll {

    private Poll() {
    }

    /** Outcome: the last value read and when (seconds after the call) it reached the target, NaN if never. */
    public record Reached(long value, double seconds) {
        public boolean reached() {
            return !Double.isNaN(seconds);
        }
    }

    /**
     * Reads {@code counter} every 100 ms until it is ≥ {@code target}, until {@code timeout}, or
     * until it has not moved for {@code stall} (the pipeline is done: the rest is lost).
     */
    public static Reached until(LongSupplier counter, long target, Duration timeout, Duration stall) {
        long start = System.nanoTime();
        long last = counter.getAsLong();
        long lastChange = start;
        while (true) {
            long now = System.nanoTime();
            if (last >= target) {
                return new Reached(last, (now - start) / 1e9);
            }
            if (now - start > timeout.toNanos() || now - lastChange > stall.toNanos()) {
                return new Reached(last, Double.NaN);
            }
            sleep(100);
            long value = counter.getAsLong();
            if (value != last) {
                last = value;
                lastChange = System.nanoTime();
            }
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
