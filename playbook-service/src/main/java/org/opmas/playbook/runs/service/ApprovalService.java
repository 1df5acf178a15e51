package org.opmas.playbook.runs.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.ProblemException;
import org.opmas.playbook.runs.IntendedAction;
import org.opmas.playbook.runs.PlaybookRun;
import org.opmas.playbook.runs.repository.IntendedActionRepository;
import org.opmas.playbook.runs.repository.PlaybookRunRepository;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Operator decisions on intended actions: approve, reject, cancel; and expiry of approval requests. */
@ApplicationScoped
public class ApprovalService {

    public static final String APPROVAL_EXPIRED = "approval expired";

    private final IntendedActionRepository actions;
    private final PlaybookRunRepository runs;
    private final StepReleaser releaser;
    private final MeterRegistry registry;

    public ApprovalService(IntendedActionRepository actions, PlaybookRunRepository runs, StepReleaser releaser,
            MeterRegistry registry) {
        this.actions = actions;
        this.runs = runs;
        this.releaser = releaser;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<IntendedAction> approve(int id, String by, String reason) {
        return locked(id).chain(locked -> {
            IntendedAction a = locked.action();
            Instant now = Instant.now();
            if (!IntendedAction.AWAITING_APPROVAL.equals(a.status)) {
                throw new ConflictProblem("Intended action " + id + " is " + a.status + ", not awaiting_approval",
                        "status");
            }
            if (a.approvalExpiresAt != null && !a.approvalExpiresAt.isAfter(now)) {
                throw new ConflictProblem("The approval request of intended action " + id + " expired at "
                        + a.approvalExpiresAt, "approval_expires_at");
            }
            a.status = IntendedAction.APPROVED;
            a.approvedBy = by;
            a.approvedAt = now;
            a.decisionReason = reason;
            registry.counter("opmas_playbook_approvals_total", "decision", "approved").increment();
            PlaybookRun run = locked.run();
            if (run != null) {
                run.status = PlaybookRun.RUNNING;
            }
            return releaser.schedule(a, now).replaceWith(a);
        });
    }

    @WithTransaction
    public Uni<IntendedAction> reject(int id, String by, String reason) {
        return locked(id).chain(locked -> {
            IntendedAction a = locked.action();
            Instant now = Instant.now();
            if (!IntendedAction.AWAITING_APPROVAL.equals(a.status)) {
                throw new ConflictProblem("Intended action " + id + " is " + a.status + ", not awaiting_approval",
                        "status");
            }
            a.status = IntendedAction.CANCELLED;
            a.rejectedBy = by;
            a.rejectedAt = now;
            a.decisionReason = reason;
            a.statusReason = "rejected by " + by;
            registry.counter("opmas_playbook_approvals_total", "decision", "rejected").increment();
            return stopRun(locked.run(), "step " + a.stepNumber + " rejected by " + by, now).replaceWith(a);
        });
    }

    /** Cancels an action that has not started; its run stops. */
    @WithTransaction
    public Uni<IntendedAction> cancel(int id, String by, String reason) {
        return locked(id).chain(locked -> {
            IntendedAction a = locked.action();
            Instant now = Instant.now();
            String why = "cancelled" + (by == null ? "" : " by " + by) + (reason == null ? "" : ": " + reason);
            return actions.compareAndSetStatus(id, IntendedAction.CANCELLABLE, IntendedAction.CANCELLED, why)
                    .chain(changed -> {
                        if (changed == 0) {
                            throw new ConflictProblem("Intended action " + id + " is " + a.status
                                    + "; only pending, awaiting_approval or approved actions can be cancelled", "status");
                        }
                        a.status = IntendedAction.CANCELLED; // what the compare-and-set wrote
                        a.statusReason = why;
                        return stopRun(locked.run(), "step " + a.stepNumber + " " + why, now);
                    })
                    .replaceWith(a);
        });
    }

    /** Cancels approval requests past their expiry; emits how many. */
    @WithTransaction
    public Uni<Integer> expireApprovals(int batch) {
        Instant now = Instant.now();
        return actions.expiredApprovals(now, batch).chain(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (Integer id : ids) {
                chain = chain.chain(count -> locked(id).chain(locked -> {
                    IntendedAction a = locked.action();
                    if (!IntendedAction.AWAITING_APPROVAL.equals(a.status) || a.approvalExpiresAt == null
                            || a.approvalExpiresAt.isAfter(now)) {
                        return Uni.createFrom().item(count); // decided meanwhile
                    }
                    a.status = IntendedAction.CANCELLED;
                    a.statusReason = APPROVAL_EXPIRED;
                    registry.counter("opmas_playbook_approvals_total", "decision", "expired").increment();
                    return stopRun(locked.run(), APPROVAL_EXPIRED, now).replaceWith(count + 1);
                }));
            }
            return chain;
        });
    }

    private Uni<Void> stopRun(PlaybookRun run, String reason, Instant now) {
        if (run == null || run.isFinal()) {
            return Uni.createFrom().voidItem();
        }
        return releaser.finish(run, PlaybookRun.CANCELLED, reason, now);
    }

    private record Locked(IntendedAction action, PlaybookRun run) {
    }

    /**
     * Locks the action's run first, then loads the action, so what we read of it cannot change under
     * us (every writer of a run's steps takes the same lock; the executor only writes released steps,
     * through compare-and-set). 404 if the action does not exist.
     */
    private Uni<Locked> locked(int id) {
        return actions.runIdOf(id).chain(runIds -> {
            if (runIds.isEmpty()) {
                throw ProblemException.notFound("Intended action", id);
            }
            UUID runId = runIds.get(0);
            return (runId == null ? Uni.createFrom().<PlaybookRun>nullItem() : runs.lock(runId))
                    .chain(run -> actions.findById(id).map(a -> new Locked(a, run)));
        });
    }

}
