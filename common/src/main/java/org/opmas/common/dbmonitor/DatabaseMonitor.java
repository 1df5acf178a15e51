package org.opmas.common.dbmonitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes what the seed's Monitoring section asks for as Prometheus gauges: table and index
 * sizes, index usage, database size, connections by state, replication lag (when replicas or a
 * primary exist) and slow statements (when pg_stat_statements is installed). Read with the
 * service's own pool every {@code opmas.db-monitor.interval}; all of it comes from catalog views
 * and size functions that need no privilege beyond the service's role.
 *
 * <p>Free disk space of the data directory is not visible through SQL without superuser rights;
 * on Kubernetes it comes from CloudNativePG's and the kubelet's metrics (docs/DEPLOY.md).
 */
@ApplicationScoped
@IfBuildProperty(name = "opmas.db-monitor.enabled", stringValue = "true")
public class DatabaseMonitor {

    static final String TABLE_SIZES = """
            SELECT c.relname AS name,
                   CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) FROM pg_partition_tree(c.oid) t)
                        ELSE pg_total_relation_size(c.oid) END AS bytes
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition""";

    static final String INDEX_USAGE = """
            SELECT s.relname AS table_name, s.indexrelname AS index_name, s.idx_scan AS scans,
                   pg_relation_size(s.indexrelid) AS bytes
            FROM pg_stat_user_indexes s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = 'public' AND NOT c.relispartition""";

    static final String CONNECTIONS = """
            SELECT coalesce(state, 'unknown') AS state, count(*) AS n
            FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1""";

    static final String REPLICATION = """
            SELECT coalesce(application_name, client_addr::text, 'replica') AS replica,
                   coalesce(EXTRACT(EPOCH FROM replay_lag), 0) AS lag
            FROM pg_stat_replication""";

    static final String STANDBY_LAG = """
            SELECT pg_is_in_recovery() AS standby,
                   coalesce(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) AS lag""";

    static final String SLOW_STATEMENTS = """
            SELECT count(*) AS n FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND mean_exec_time > $1""";

    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final DatabaseMonitorConfig config;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Counter errors;
    private final AtomicReference<Boolean> statementsAvailable = new AtomicReference<>();
    private volatile long timerId = -1;

    public DatabaseMonitor(Pool pool, Vertx vertx, MeterRegistry registry, DatabaseMonitorConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.registry = registry;
        this.config = config;
        this.errors = Counter.builder("opmas_db_monitor_errors_total")
                .description("Failed reads of database statistics").register(registry);
    }

    void start(@Observes StartupEvent startup) {
        refresh().subscribe().with(ignored -> { }, failure -> { });
        timerId = vertx.setPeriodic(config.interval().toMillis(),
                id -> refresh().subscribe().with(ignored -> { }, failure -> { }));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Reads every statistic once; failures are logged and counted, never thrown to the caller. */
    public Uni<Void> refresh() {
        return Uni.join().all(
                        read(TABLE_SIZES, rows -> rows.forEach(r -> set("opmas_db_table_size_bytes",
                                Tags.of("table", r.getString("name")), r.getLong("bytes")))),
                        read(INDEX_USAGE, rows -> rows.forEach(r -> {
                            Tags tags = Tags.of("table", r.getString("table_name"), "index", r.getString("index_name"));
                            set("opmas_db_index_size_bytes", tags, r.getLong("bytes"));
                            set("opmas_db_index_scans", tags, r.getLong("scans"));
                        })),
                        read("SELECT pg_database_size(current_database()) AS bytes",
                                rows -> set("opmas_db_database_size_bytes", Tags.empty(), rows.iterator().next().getLong("bytes"))),
                        read(CONNECTIONS, rows -> rows.forEach(r -> set("opmas_db_connections",
                                Tags.of("state", r.getString("state")), r.getLong("n")))),
                        read(REPLICATION, rows -> rows.forEach(r -> set("opmas_db_replication_lag_seconds",
                                Tags.of("replica", r.getString("replica")), Math.round(r.getDouble("lag"))))),
                        read(STANDBY_LAG, rows -> {
                            Row row = rows.iterator().next();
                            if (Boolean.TRUE.equals(row.getBoolean("standby"))) {
                                set("opmas_db_standby_replay_lag_seconds", Tags.empty(), Math.round(row.getDouble("lag")));
                            }
                        }),
                        slowStatements())
                .andCollectFailures()
                .onFailure().invoke(failure -> {
                    errors.increment();
                    Log.warnf("Reading database statistics failed: %s", failure.getMessage());
                })
                .replaceWithVoid();
    }

    private Uni<Void> slowStatements() {
        if (Boolean.FALSE.equals(statementsAvailable.get())) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SLOW_STATEMENTS).execute(Tuple.of((double) config.slowStatementThreshold().toMillis()))
                .invoke(rows -> {
                    statementsAvailable.set(true);
                    set("opmas_db_slow_statements", Tags.empty(), rows.iterator().next().getLong("n"));
                })
                .onFailure().invoke(failure -> {
                    // Not installed (or not preloaded): stop asking, and say so once.
                    statementsAvailable.set(false);
                    set("opmas_db_slow_statements_available", Tags.empty(), 0);
                    Log.infof("pg_stat_statements is not available (%s); slow statements are not reported",
                            failure.getMessage());
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> read(String sql, java.util.function.Consumer<RowSet<Row>> onRows) {
        return pool.query(sql).execute().invoke(onRows).replaceWithVoid();
    }

    private void set(String name, Tags tags, long value) {
        String id = name + tags;
        gauges.computeIfAbsent(id, key -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).tags(tags).register(registry);
            return holder;
        }).set(value);
    }
}
