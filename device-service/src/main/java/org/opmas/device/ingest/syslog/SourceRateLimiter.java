package org.opmas.device.ingest.syslog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address: {@code linesPerSecond} sustained, up to {@code burst} at
 * once. Thread-safe (UDP and each TCP connection run on their own event loops; one router may use
 * both). The table is bounded: a bucket that has refilled completely carries no state and is
 * evicted by {@link #evictIdle()}; while the table is full, new sources share one overflow bucket,
 * so spoofed UDP source addresses can neither grow memory nor escape the limit.
 */
public final class SourceRateLimiter {

    private final double tokensPerNano;
    private final double burst;
    private final int maxSources;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;

    /**
     * @param linesPerSecond sustained rate per source; 0 or less = unlimited
     * @param burst bucket size (at least 1)
     * @param maxSources sources tracked before new ones share the overflow bucket
     * @param nanoClock {@link System#nanoTime()} outside tests
     */
    public SourceRateLimiter(int linesPerSecond, int burst, int maxSources, LongSupplier nanoClock) {
        this.tokensPerNano = linesPerSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.maxSources = Math.max(1, maxSources);
        this.nanoClock = nanoClock;
        this.overflow = new Bucket(this.burst, nanoClock.getAsLong());
    }

    public boolean enabled() {
        return tokensPerNano > 0;
    }

    /** Takes one token for a line from {@code source}; false = over the limit, drop the line. */
    public boolean tryAcquire(String source) {
        if (!enabled()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = buckets.size() < maxSources
                    ? buckets.computeIfAbsent(source, ignored -> new Bucket(burst, now))
                    : overflow;
        }
        return bucket.tryTake(now, tokensPerNano, burst);
    }

    /** Removes the buckets that have refilled completely (their sources have been quiet); how many. */
    public int evictIdle() {
        long now = nanoClock.getAsLong();
        int before = buckets.size();
        buckets.values().removeIf(bucket -> bucket.isFull(now, tokensPerNano, burst));
        return before - buckets.size();
    }

    /** Sources currently tracked. */
    public int trackedSources() {
        return buckets.size();
    }

    private static final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean tryTake(long now, double tokensPerNano, double burst) {
            refill(now, tokensPerNano, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now, double tokensPerNano, double burst) {
            refill(now, tokensPerNano, burst);
            return tokens >= burst;
        }

        private void refill(long now, double tokensPerNano, double burst) {
            long elapsed = now - refilledAt;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
                refilledAt = now;
            }
        }
    }
}
