package org.opmas.finding.stats.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Folds the +1/-1 rows that the findings triggers append to {@code finding_count_deltas} into the
 * hourly {@code finding_counts} (V70_1). Statistics are exact without it (they read both tables); it
 * keeps the deltas table small so that they stay fast. The database function lets one compaction
 * run at a time across replicas.
 */
@ApplicationScoped
public class FindingCountsCompactor {

    private final Pool pool;

    public FindingCountsCompactor(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(identity = "opmas-findings-counts-compaction", every = "${opmas.findings.counts.compact-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return compact().onFailure().invoke(failure -> Log.warnf(failure, "Compacting finding counts failed; next run retries"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Returns how many delta rows were folded. */
    public Uni<Long> compact() {
        return pool.query("SELECT finding_counts_compact() AS folded").execute()
                .map(rows -> rows.iterator().next().getLong("folded"));
    }
}
