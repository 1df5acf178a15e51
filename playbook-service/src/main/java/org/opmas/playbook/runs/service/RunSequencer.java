package org.opmas.playbook.runs.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.playbook.playbooks.PlaybookPolicy;
import org.opmas.playbook.playbooks.repository.PlaybookRepository;
import org.opmas.playbook.runs.IntendedAction;
import org.opmas.playbook.runs.PlaybookRun;
import org.opmas.playbook.runs.repository.IntendedActionRepository;
import org.opmas.playbook.runs.repository.PlaybookRunRepository;
import org.opmas.schema.events.ActionResultEvent;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Advances runs on action results. A result counts only for the run's current step, once: the run
 * row is locked, and a result for a step that is not current (a redelivery, or a run already
 * ended) changes nothing.
 */
@ApplicationScoped
public class RunSequencer {

    private static final List<String> NOT_FINISHED = List.of(IntendedAction.PENDING, IntendedAction.APPROVED,
            IntendedAction.RUNNING);

    private final PlaybookRunRepository runs;
    private final IntendedActionRepository actions;
    private final PlaybookRepository playbooks;
    private final StepReleaser releaser;

    public RunSequencer(PlaybookRunRepository runs, IntendedActionRepository actions, PlaybookRepository playbooks,
            StepReleaser releaser) {
        this.runs = runs;
        this.actions = actions;
        this.playbooks = playbooks;
        this.releaser = releaser;
    }

    /** Emits true when the result moved a run, false when it was a duplicate or not ours. */
    @WithTransaction
    public Uni<Boolean> onResult(ActionResultEvent result) {
        return runs.lock(result.runId()).chain(run -> {
            if (run == null) {
                Log.debugf("Result for action %d of unknown run %s ignored", result.actionId(), result.runId());
                return Uni.createFrom().item(false);
            }
            if (run.isFinal() || run.currentStep == null || run.currentStep != result.stepNumber()) {
                return Uni.createFrom().item(false);
            }
            return actions.findById((int) result.actionId()).chain(action -> {
                if (action == null || !run.runId.equals(action.runId)) {
                    return Uni.createFrom().item(false);
                }
                Instant now = Instant.now();
                // The executor has recorded the outcome already; this only fills it in if it had not.
                Uni<Integer> reconcile = actions.compareAndSetStatus(action.id, NOT_FINISHED, result.status().wire(),
                        result.error());
                return reconcile.chain(() -> switch (result.status()) {
                    case SUCCEEDED -> advance(run, action, now);
                    case FAILED, TIMED_OUT, SKIPPED -> action.continueOnFailure ? advance(run, action, now)
                            : releaser.finish(run, PlaybookRun.FAILED, "step " + action.stepNumber + " "
                                    + result.status().wire() + (result.error() == null ? "" : ": " + result.error()), now);
                    case CANCELLED -> releaser.finish(run, PlaybookRun.CANCELLED,
                            "step " + action.stepNumber + " cancelled by the executor", now);
                }).replaceWith(true);
            });
        });
    }

    private Uni<Void> advance(PlaybookRun run, IntendedAction done, Instant now) {
        return actions.step(run.runId, done.stepNumber + 1).chain(next -> {
            if (next == null) {
                return releaser.finish(run, PlaybookRun.SUCCEEDED, "all " + run.stepCount + " steps done", now);
            }
            return playbooks.findById(run.playbookId)
                    .chain(p -> releaser.release(run, next, PlaybookPolicy.of(p == null ? null : p.policy), now));
        });
    }
}
