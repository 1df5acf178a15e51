package org.opmas.common.outbox;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The transactional outbox of this service. Every property has a default or is optional, so a
 * service without an outbox table (agent-service) starts with the relay idle.
 */
@ConfigMapping(prefix = "opmas.outbox")
public interface OutboxConfig {

    /** The outbox table, e.g. {@code device_outbox}; no table means no outbox. */
    Optional<String> table();

    /** Whether the relay runs. Appending works either way (useful in tests of the relay itself). */
    @WithDefault("true")
    boolean enabled();

    /** Rows published per transaction. */
    @WithDefault("500")
    int batchSize();

    /**
     * Pause after a batch that was not full. With {@link #notifyOnCommit()} this is only the fallback
     * (a missed notification, a row written by hand): a commit wakes the relay at once.
     */
    @WithDefault("100ms")
    Duration pollInterval();

    /**
     * Wake the relay when a transaction that appended rows commits: {@code Outbox.append} calls
     * {@code pg_notify} in the writing transaction (PostgreSQL delivers it at commit, never for a
     * rollback) and the relay LISTENs on one extra connection. Saves each event up to one poll
     * interval on its way to Kafka, which the pipeline pays once per service it crosses.
     */
    @WithName("notify")
    @WithDefault("true")
    boolean notifyOnCommit();

    /** ce_source of relayed events; defaults to {@code opmas.events.source}. */
    Optional<String> source();

    /** Longest wait for the broker to acknowledge a batch before the rows are retried. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** How often the {@code opmas_outbox_pending} gauge is recounted. */
    @WithDefault("5s")
    Duration pendingRefresh();
}
