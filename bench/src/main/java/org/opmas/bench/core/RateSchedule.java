package org.opmas.bench.core;

/**
 * Open-loop pacing: how many lines should have been sent {@code elapsedNanos} after the start at a
 * fixed rate. The sender tops up to this number on every tick, whatever the receiver does, so a slow
 * collector shows up as loss or lag, never as a politely slower sender.
 */
public final class RateSchedule {

    private final long linesPerSecond;

    public RateSchedule(long linesPerSecond) {
        if (linesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + linesPerSecond);
        }
        this.linesPerSecond = linesPerSecond;
    }

    public long dueAt(long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        // elapsed * rate overflows a long after ~10 days at 10k/s; split seconds and remainder.
        long seconds = elapsedNanos / 1_000_000_000L;
        long remainder = elapsedNanos % 1_000_000_000L;
        return seconds * linesPerSecond + remainder * linesPerSecond / 1_000_000_000L;
    }

    /** Lines to send now, given how many already went out. */
    public long backlog(long elapsedNanos, long sent) {
        return Math.max(0, dueAt(elapsedNanos) - sent);
    }

    public long linesPerSecond() {
        return linesPerSecond;
    }
}
