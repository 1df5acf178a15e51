package org.opmas.playbook.runs.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.playbook.runs.IntendedAction;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class IntendedActionRepository implements PanacheRepositoryBase<IntendedAction, Integer> {

    public record Filter(String status, Integer deviceId, Integer playbookId, Integer findingId, UUID runId) {
    }

    /** The run of an action without loading the entity (empty list: no such action; [null]: no run). */
    public Uni<List<UUID>> runIdOf(int id) {
        return find("select a.runId from IntendedAction a where a.id = ?1", id).project(UUID.class).list();
    }

    public Uni<List<IntendedAction>> ofRun(UUID runId) {
        return list("runId = ?1 order by stepNumber", runId);
    }

    public Uni<IntendedAction> step(UUID runId, int stepNumber) {
        return find("runId = ?1 and stepNumber = ?2", runId, stepNumber).firstResult();
    }

    /**
     * Compare-and-set of the status: changes it only from one of {@code from}, so a concurrent
     * change by the executor (claim, result) is never overwritten. Returns the rows changed (0 or 1).
     */
    public Uni<Integer> compareAndSetStatus(int id, Collection<String> from, String to, String reason) {
        return update("status = ?1, statusReason = coalesce(?2, statusReason) where id = ?3 and status in ?4", to,
                reason, id, from);
    }

    /** The steps of a run that were never released: they will not run now. */
    public Uni<Integer> skipWaiting(UUID runId, String reason) {
        return update("status = 'skipped', statusReason = ?1 where runId = ?2 and status = 'pending'"
                + " and scheduledAt is null", reason, runId);
    }

    public Uni<List<Integer>> expiredApprovals(Instant now, int limit) {
        return find("select a.id from IntendedAction a where a.status = 'awaiting_approval'"
                + " and a.approvalExpiresAt < ?1 order by a.approvalExpiresAt", now)
                .project(Integer.class).page(0, limit).list();
    }

    public Uni<List<IntendedAction>> page(Filter filter, Paging paging, SortSpec sort) {
        Where where = where(filter);
        return find(where.text(), sort.toPanache(), where.params()).page(paging.toPanache()).list();
    }

    public Uni<Long> count(Filter filter) {
        Where where = where(filter);
        return count(where.text(), where.params());
    }

    private static Where where(Filter f) {
        return new Where().eq("status", f.status()).eq("deviceId", f.deviceId()).eq("playbookId", f.playbookId())
                .eq("findingId", f.findingId()).eq("runId", f.runId());
    }
}
