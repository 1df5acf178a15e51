package org.opmas.executor.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the executor talks to routers. Runtime switches (the kill switch) live in opmas_config. */
@ConfigMapping(prefix = "opmas.executor")
public interface ExecutorConfig {

    /** TCP connect + SSH banner + key exchange + authentication, per attempt. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Most actions running at once across all devices (SSH worker threads). */
    @WithDefault("64")
    int maxConcurrency();

    /** Most actions started per device within {@link #rateWindow()}. */
    @WithDefault("30")
    int perDeviceRateLimit();

    @WithDefault("60s")
    Duration rateWindow();

    /** Output kept per stream (bytes); the rest is dropped and the result marked truncated. */
    @WithDefault("65536")
    int maxOutputBytes();

    /** First backoff before a retry of a transient failure; doubles per retry, with jitter. */
    @WithDefault("1s")
    Duration retryBackoff();

    @WithDefault("30s")
    Duration retryBackoffMax();

    /**
     * An action still {@code running} this long after its deadline (or start, without one) was lost
     * by a crashed executor. Longer than the longest step (3600 s) so a live run is never closed.
     */
    @WithDefault("65m")
    Duration staleGrace();

    /** How often the durable queue is swept for actions that are not dispatched in memory. */
    @WithDefault("10s")
    Duration sweepInterval();

    /** A queued row younger than this is left to the consumer that inserted it. */
    @WithDefault("5s")
    Duration sweepMinAge();
}
