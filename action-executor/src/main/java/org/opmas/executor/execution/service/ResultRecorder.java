package org.opmas.executor.execution.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.outbox.Outbox;
import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.ProblemException;
import org.opmas.executor.execution.ClaimedAction;
import org.opmas.executor.execution.Execution;
import org.opmas.executor.execution.ExecutionOutcome;
import org.opmas.executor.execution.repository.ActionQueueRepository;
import org.opmas.executor.execution.repository.ExecutionRepository;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.EventIds;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Writes final outcomes: the execution columns of intended_actions, the ActionResultEvent in
 * executor_outbox and the removal from the durable queue, all in one transaction. The result
 * event's id is derived from the action id, so at most one result per action can ever be
 * published (the outbox's unique event_id).
 */
@ApplicationScoped
public class ResultRecorder {

    public static final String STALE_REASON = "executor lost the action (stale running)";

    private final ExecutionRepository executions;
    private final ActionQueueRepository queue;
    private final Outbox outbox;

    public ResultRecorder(ExecutionRepository executions, ActionQueueRepository queue, Outbox outbox) {
        this.executions = executions;
        this.queue = queue;
        this.outbox = outbox;
    }

    /**
     * Emits false if the claim no longer holds (e.g. closed as stale meanwhile): nothing written but
     * the queue entry's removal. Two statements in the transaction: the outcome with the queue
     * removal, then the outbox row (the final-step answer came with the claim).
     */
    @WithTransaction
    public Uni<Boolean> finish(ClaimedAction action, ExecutionOutcome outcome) {
        Instant finished = Instant.now();
        long durationMs = Math.max(0, Duration.between(action.startedAt(), finished).toMillis());
        boolean started = outcome.attempts() > 0;
        ActionResultEvent event = event(action.id(), action.findingId(), action.playbookId(), action.runId(),
                action.stepNumber(), action.deviceId(), outcome, started ? action.startedAt() : null, finished,
                started ? durationMs : 0, action.finalStep());
        return executions.finishAndUnqueue(action, outcome.status().wire(), finished, resultJson(event),
                outcome.attempts())
                .call(updated -> updated ? outbox.append(event) : Uni.createFrom().voidItem())
                .invoke(updated -> {
                    if (!updated) {
                        Log.warnf("Action %d was no longer running as claimed; its outcome (%s) was not recorded",
                                action.id(), outcome.status());
                    }
                });
    }

    /**
     * Cancels a queued action (pending, approved or awaiting approval); 404 or 409 otherwise. Inside the
     * caller's transaction (ExecutionQueries names the tenant first).
     */
    public Uni<Execution> cancel(int id) {
        return executions.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("execution", id))
                .call(execution -> executions.getSession().invoke(session -> session.detach(execution)))
                .call(execution -> {
                    Instant now = Instant.now();
                    ExecutionOutcome outcome = ExecutionOutcome.notRun(ActionStatus.CANCELLED,
                            "cancelled by an operator before it ran", execution.dryRun, command(execution));
                    ActionResultEvent event = event(execution, outcome, null, now, 0);
                    Map<String, Object> result = resultJson(event);
                    return executions.cancel(id, now, result)
                            .call(cancelled -> {
                                if (!cancelled) {
                                    return Uni.createFrom().failure(new ConflictProblem("execution " + id + " is "
                                            + execution.status + "; only a queued action (pending, approved, "
                                            + "awaiting_approval) can be cancelled", "status"));
                                }
                                execution.status = ActionStatus.CANCELLED.wire();
                                execution.executedAt = now;
                                execution.result = result;
                                return outbox.append(event).chain(() -> queue.removeInTransaction(id));
                            });
                });
    }

    /** Closes one action left running by a lost executor as failed, with a result event. */
    @WithTransaction
    public Uni<Boolean> closeStale(Execution execution) {
        Instant now = Instant.now();
        long durationMs = execution.startedAt == null ? 0 : Math.max(0, Duration.between(execution.startedAt, now).toMillis());
        ExecutionOutcome outcome = new ExecutionOutcome(ActionStatus.FAILED, null, "", "", false, false,
                execution.attempts, STALE_REASON, execution.dryRun, command(execution));
        ActionResultEvent event = event(execution, outcome, execution.startedAt, now, durationMs);
        return executions.closeStale(execution, now, resultJson(event))
                .call(closed -> closed ? outbox.append(event).chain(() -> queue.removeInTransaction(execution.id))
                        : Uni.createFrom().voidItem());
    }

    private static ActionResultEvent event(Execution e, ExecutionOutcome outcome, Instant startedAt, Instant finished,
            long durationMs) {
        return event(e.id, e.findingId == null ? null : e.findingId.longValue(),
                e.playbookId == null ? 0 : e.playbookId, e.runId, e.stepNumber == null ? 1 : e.stepNumber,
                e.deviceId == null ? 0 : e.deviceId, outcome, startedAt, finished, durationMs, null);
    }

    private static ActionResultEvent event(long actionId, Long findingId, long playbookId, java.util.UUID runId,
            int stepNumber, long deviceId, ExecutionOutcome outcome, Instant startedAt, Instant finished,
            long durationMs, Boolean finalStep) {
        ActionResultEvent.Capped stdout = ActionResultEvent.capOutput(outcome.stdout());
        ActionResultEvent.Capped stderr = ActionResultEvent.capOutput(outcome.stderr());
        String error = outcome.error() == null || outcome.error().length() <= 4096 ? outcome.error()
                : outcome.error().substring(0, 4093) + "...";
        String command = outcome.command() == null ? "" : outcome.command();
        return new ActionResultEvent(EventIds.nameBased("action-result", Long.toString(actionId)), actionId, findingId,
                playbookId, runId, stepNumber, deviceId, outcome.status(), outcome.exitCode(), stdout.text(),
                stderr.text(), stdout.truncated() || outcome.stdoutTruncated(),
                stderr.truncated() || outcome.stderrTruncated(), Math.min(outcome.attempts(), 11), startedAt, finished,
                durationMs, error, outcome.dryRun(), command.length() <= 16384 ? command : command.substring(0, 16384),
                finalStep);
    }

    /** intended_actions.result, per the contract in docs/EXECUTOR.md (absent values as JSON null). */
    static Map<String, Object> resultJson(ActionResultEvent e) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("exit_code", e.exitCode());
        result.put("stdout", e.stdout());
        result.put("stderr", e.stderr());
        result.put("stdout_truncated", e.stdoutTruncated());
        result.put("stderr_truncated", e.stderrTruncated());
        result.put("attempts", e.attempts());
        result.put("duration_ms", e.durationMs());
        result.put("error", e.error());
        result.put("command", e.command());
        result.put("dry_run", e.dryRun());
        result.put("status", e.status().wire());
        result.put("started_at", e.startedAt() == null ? null : e.startedAt().toString());
        result.put("finished_at", e.finishedAt().toString());
        return result;
    }

    private static String command(Execution e) {
        Object command = e.actionConfig == null ? null : e.actionConfig.get("command");
        return command == null ? "" : command.toString();
    }
}
