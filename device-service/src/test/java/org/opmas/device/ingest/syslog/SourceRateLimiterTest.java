package org.opmas.device.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token bucket's arithmetic with a hand-driven clock. */
class SourceRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private int acquired(SourceRateLimiter limiter, String source, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(source)) {
                ok++;
            }
        }
        return ok;
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aSourceGetsItsBurstThenTheSustainedRate() {
        SourceRateLimiter limiter = new SourceRateLimiter(100, 50, 1000, now::get);

        assertThat(acquired(limiter, "192.0.2.1", 80)).isEqualTo(50);
        advanceMillis(100); // 10 tokens at 100/s
        assertThat(acquired(limiter, "192.0.2.1", 80)).isEqualTo(10);
        advanceMillis(10_000); // refills to the burst, not beyond
        assertThat(acquired(limiter, "192.0.2.1", 80)).isEqualTo(50);
    }

    @Test
    void sourcesHaveTheirOwnBuckets() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 5, 1000, now::get);

        assertThat(acquired(limiter, "192.0.2.1", 20)).isEqualTo(5);
        assertThat(acquired(limiter, "192.0.2.2", 20)).isEqualTo(5);
    }

    @Test
    void zeroRateMeansUnlimitedAndTracksNothing() {
        SourceRateLimiter limiter = new SourceRateLimiter(0, 5, 1000, now::get);

        assertThat(limiter.enabled()).isFalse();
        assertThat(acquired(limiter, "192.0.2.1", 10_000)).isEqualTo(10_000);
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void onlyRefilledBucketsAreEvicted() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 10, 1000, now::get);
        acquired(limiter, "192.0.2.1", 10); // empty
        advanceMillis(2000);
        acquired(limiter, "192.0.2.2", 10); // empty now; 192.0.2.1 has refilled

        assertThat(limiter.evictIdle()).isEqualTo(1);
        assertThat(limiter.trackedSources()).isEqualTo(1);
        // the evicted source starts again with a full bucket: nothing was lost by forgetting it
        assertThat(acquired(limiter, "192.0.2.1", 20)).isEqualTo(10);
        assertThat(acquired(limiter, "192.0.2.2", 20)).isZero();
    }

    @Test
    void beyondMaxSourcesNewSourcesShareOneBucket() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 5, 2, now::get);
        acquired(limiter, "192.0.2.1", 1);
        acquired(limiter, "192.0.2.2", 1);

        // thousands of spoofed addresses: no growth, and together they get one bucket
        int passed = 0;
        for (int i = 0; i < 5000; i++) {
            passed += acquired(limiter, "198.51.100." + (i % 250) + "." + i, 1);
        }
        assertThat(limiter.trackedSources()).isEqualTo(2);
        assertThat(passed).isEqualTo(5);
    }
}
