package org.opmas.finding.action.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Resolves findings whose verification window passed without a repeat detection. */
@ApplicationScoped
public class VerificationSweeper {

    private final Pool pool;
    private final ActionOutcomeService outcomes;

    public VerificationSweeper(Pool pool, ActionOutcomeService outcomes) {
        this.pool = pool;
        this.outcomes = outcomes;
    }

    @Scheduled(identity = "opmas-findings-verification", every = "${opmas.findings.verification.sweep-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return pool.query(ActionOutcomeService.DUE_SQL).execute()
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                    }
                    return ids;
                })
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                        : Multi.createFrom().iterable(ids)
                                .onItem().transformToUniAndConcatenate(id -> outcomes.resolveVerified(id)
                                        .onFailure().invoke(f -> Log.warnf(f, "Verification of finding %d failed", id))
                                        .onFailure().recoverWithItem(false))
                                .collect().last().replaceWithVoid());
    }
}
