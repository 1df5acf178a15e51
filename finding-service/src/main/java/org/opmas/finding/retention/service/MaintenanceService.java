package org.opmas.finding.retention.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.opmas.common.config.RuntimeSettings;
import org.opmas.common.rest.ProblemException;
import org.opmas.finding.config.FindingSettings;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Partition upkeep and retention: creates the coming months' partitions and drops whole monthly
 * partitions older than {@code findings.retention_days} (never a mass DELETE of findings), then
 * deletes the side-table rows of the dropped findings and expired detection ids. Daily, at start-up,
 * and on demand ({@code POST /api/v1/findings/maintenance/run}).
 */
@ApplicationScoped
public class MaintenanceService {

    public static final int MONTHS_AHEAD = 3;

    private final Pool pool;
    private final FindingSettings settings;
    private final RuntimeSettings runtimeSettings;
    private final MeterRegistry registry;

    public MaintenanceService(Pool pool, FindingSettings settings, RuntimeSettings runtimeSettings,
            MeterRegistry registry) {
        this.pool = pool;
        this.settings = settings;
        this.runtimeSettings = runtimeSettings;
        this.registry = registry;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MaintenanceReport(Instant ranAt, int retentionDays, Instant cutoff, List<String> createdPartitions,
            List<String> droppedPartitions, long orphanRowsDeleted, long expiredDetectionIdsDeleted) {
    }

    void onStart(@Observes StartupEvent startup) {
        // Settings may not be loaded yet at this instant; refresh first so retention uses the operator's value.
        runtimeSettings.refresh().chain(this::run)
                .subscribe().with(report -> Log.infof("Findings maintenance at start-up: %s", report),
                        failure -> Log.warnf(failure, "Findings maintenance at start-up failed; the daily run retries"));
    }

    @Scheduled(identity = "opmas-findings-maintenance", cron = "${opmas.findings.maintenance.cron:0 17 3 * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run().invoke(report -> Log.infof("Findings maintenance: %s", report))
                .onFailure().invoke(failure -> Log.errorf(failure, "Findings maintenance failed"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<MaintenanceReport> run() {
        if (!runtimeSettings.isLoaded()) {
            // Every setting is its default until then: 90 days would drop partitions an operator keeps longer.
            return Uni.createFrom().failure(new ProblemException(503, "Settings not loaded",
                    "The runtime settings (" + FindingSettings.RETENTION_DAYS + ") have not been read since start; "
                            + "nothing was dropped. Try again in a few seconds."));
        }
        int retentionDays = settings.retentionDays();
        Instant now = Instant.now();
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        Instant dedupCutoff = now.minus(Duration.ofDays(settings.detectionDedupDays()));
        return pool.withConnection(connection -> names(connection, "SELECT * FROM opmas_ensure_findings_partitions($1)",
                Tuple.of(MONTHS_AHEAD))
                .chain(created -> names(connection, "SELECT * FROM opmas_drop_findings_partitions_before($1)",
                        Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                        .chain(dropped -> orphans(connection, cutoff)
                                .chain(orphans -> connection.preparedQuery(
                                        "DELETE FROM finding_detections WHERE received_at < $1")
                                        .execute(Tuple.of(dedupCutoff.atOffset(ZoneOffset.UTC)))
                                        .map(rows -> new MaintenanceReport(now, retentionDays, cutoff, created, dropped,
                                                orphans, rows.rowCount()))))))
                .invoke(report -> registry.counter("opmas.finding.partitions.dropped")
                        .increment(report.droppedPartitions().size()));
    }

    /** Side-table rows whose finding no longer exists (its partition was dropped). */
    private static Uni<Long> orphans(SqlConnection connection, Instant cutoff) {
        List<String> tables = List.of("finding_transitions", "finding_actions", "finding_open_fingerprints",
                "finding_detections");
        Uni<Long> total = Uni.createFrom().item(0L);
        for (String table : tables) {
            String sql = "DELETE FROM " + table + " t WHERE t.finding_created_at < $1 AND NOT EXISTS "
                    + "(SELECT 1 FROM findings f WHERE f.id = t.finding_id AND f.created_at = t.finding_created_at)";
            total = total.chain(sum -> connection.preparedQuery(sql).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                    .map(rows -> sum + rows.rowCount()));
        }
        return total;
    }

    private static Uni<List<String>> names(SqlConnection connection, String sql, Tuple args) {
        return connection.preparedQuery(sql).execute(args).map(rows -> {
            List<String> names = new ArrayList<>();
            for (Row row : rows) {
                if (row.getValue(0) != null) {
                    names.add(row.getValue(0).toString());
                }
            }
            return names;
        });
    }
}
