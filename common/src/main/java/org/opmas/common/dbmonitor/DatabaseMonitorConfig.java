package org.opmas.common.dbmonitor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Database monitoring of a service ({@code opmas.db-monitor.*}). {@code enabled} is read at build
 * time: the monitor and its readiness check exist only in services that switch it on.
 */
@ConfigMapping(prefix = "opmas.db-monitor")
public interface DatabaseMonitorConfig {

    @WithDefault("false")
    boolean enabled();

    /** How often sizes, index usage, connections and replication lag are read. */
    @WithDefault("30s")
    Duration interval();

    /** Readiness is DOWN when no pooled connection answers within this time. */
    @WithDefault("2s")
    Duration acquireTimeout();

    /** A statement whose mean execution time exceeds this counts as slow (pg_stat_statements). */
    @WithDefault("500ms")
    Duration slowStatementThreshold();
}
