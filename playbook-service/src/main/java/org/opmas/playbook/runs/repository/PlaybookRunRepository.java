package org.opmas.playbook.runs.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.playbook.runs.PlaybookRun;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PlaybookRunRepository implements PanacheRepositoryBase<PlaybookRun, UUID> {

    public record Filter(Integer playbookId, Integer deviceId, String status, Integer findingId) {
    }

    /** The run, locked (SELECT ... FOR UPDATE) until the transaction ends: every change to a run goes through this. */
    public Uni<PlaybookRun> lock(UUID runId) {
        return findById(runId, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<PlaybookRun> forFinding(int playbookId, int findingId, Instant findingCreatedAt) {
        return find("playbookId = ?1 and findingId = ?2 and findingCreatedAt = ?3", playbookId, findingId,
                findingCreatedAt).firstResult();
    }

    /** Start of the latest run that actually started (not skipped) of this playbook on this device. */
    public Uni<Instant> lastStartedAt(int playbookId, int deviceId) {
        return find("select max(r.createdAt) from PlaybookRun r where r.playbookId = ?1 and r.deviceId = ?2"
                + " and r.status <> 'skipped'", playbookId, deviceId).project(Instant.class).firstResult();
    }

    public Uni<Long> startedSince(int playbookId, int deviceId, Instant since) {
        return count("playbookId = ?1 and deviceId = ?2 and status <> 'skipped' and createdAt > ?3", playbookId,
                deviceId, since);
    }

    /**
     * Serialises planning of one playbook on one device (cooldown and rate-limit checks read, then
     * insert) for the rest of the transaction.
     */
    public Uni<Void> lockPlanning(int playbookId, int deviceId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1, ?2)) AS l", Integer.class)
                .setParameter(1, playbookId).setParameter(2, deviceId).getSingleResult()).replaceWithVoid();
    }

    public Uni<List<PlaybookRun>> page(Filter filter, Paging paging, SortSpec sort) {
        Where where = where(filter);
        return find(where.text(), sort.toPanache(), where.params()).page(paging.toPanache()).list();
    }

    public Uni<Long> count(Filter filter) {
        Where where = where(filter);
        return count(where.text(), where.params());
    }

    private static Where where(Filter f) {
        return new Where().eq("playbookId", f.playbookId()).eq("deviceId", f.deviceId()).eq("status", f.status())
                .eq("findingId", f.findingId());
    }
}
