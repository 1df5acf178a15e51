package org.opmas.playbook.runs.service;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.config.RuntimeSettings;
import org.opmas.common.outbox.Outbox;
import org.opmas.playbook.config.PlaybookConfig;
import org.opmas.playbook.playbooks.PlaybookPolicy;
import org.opmas.playbook.runs.IntendedAction;
import org.opmas.playbook.runs.PlaybookRun;
import org.opmas.playbook.runs.repository.IntendedActionRepository;
import org.opmas.schema.events.ActionType;
import org.opmas.schema.events.EventIds;
import org.opmas.schema.events.IntendedActionEvent;
import org.opmas.schema.validation.EventValidator;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Moves a run forward inside the caller's transaction (the caller holds the run's lock): makes a
 * step ready (scheduled, published through the outbox) or puts it up for approval, and ends runs.
 */
@ApplicationScoped
public class StepReleaser {

    /** opmas_config key: how long an approval request stays open, in seconds. */
    public static final String APPROVAL_TTL_KEY = "playbook.approval_ttl_seconds";
    /** Upper bound of an approval TTL, the same as for a playbook's policy.approval_ttl_seconds. */
    public static final long MAX_APPROVAL_TTL_SECONDS = 30L * 24 * 3600;

    private final Outbox outbox;
    private final IntendedActionRepository actions;
    private final RuntimeSettings settings;
    private final PlaybookConfig config;
    private final MeterRegistry registry;

    public StepReleaser(Outbox outbox, IntendedActionRepository actions, RuntimeSettings settings,
            PlaybookConfig config, MeterRegistry registry) {
        this.outbox = outbox;
        this.actions = actions;
        this.settings = settings;
        this.config = config;
        this.registry = registry;
    }

    /** Releases a waiting step: ready now, or awaiting approval if it requires one. */
    public Uni<Void> release(PlaybookRun run, IntendedAction action, PlaybookPolicy policy, Instant now) {
        run.currentStep = action.stepNumber;
        if (action.requiresApproval) {
            long ttl = policy.approvalTtlSeconds() != null ? policy.approvalTtlSeconds() : globalApprovalTtlSeconds();
            action.status = IntendedAction.AWAITING_APPROVAL;
            action.approvalExpiresAt = now.plusSeconds(ttl);
            run.status = PlaybookRun.AWAITING_APPROVAL;
            registry.counter("opmas_playbook_approvals_requested_total").increment();
            return Uni.createFrom().voidItem();
        }
        run.status = PlaybookRun.RUNNING;
        return schedule(action, now);
    }

    /**
     * The TTL set in opmas_config, held to the bounds a playbook's own policy has (1 s to 30 days): an
     * out-of-range value (0, negative, absurdly large) is ignored with a warning rather than expiring
     * every approval at once or failing the planning of findings.
     */
    long globalApprovalTtlSeconds() {
        long fallback = config.defaultApprovalTtlSeconds();
        long ttl = settings.getLong(APPROVAL_TTL_KEY, fallback);
        if (ttl < 1 || ttl > MAX_APPROVAL_TTL_SECONDS) {
            Log.warnf("opmas_config %s = %d is outside 1..%d seconds; using %d", APPROVAL_TTL_KEY, ttl,
                    MAX_APPROVAL_TTL_SECONDS, fallback);
            return fallback;
        }
        return ttl;
    }

    /** Makes the step claimable by the executor and publishes it (status stays pending or approved). */
    public Uni<Void> schedule(IntendedAction action, Instant now) {
        action.scheduledAt = now;
        action.deadlineAt = deadline(action, now);
        IntendedActionEvent event = new IntendedActionEvent(
                EventIds.nameBased("opmas.action.intended", action.id.toString()),
                action.id,
                action.findingId == null ? null : action.findingId.longValue(),
                action.playbookId,
                action.runId,
                action.stepNumber,
                action.deviceId,
                ActionType.fromWire(action.actionType),
                action.actionConfig,
                action.timeoutSeconds,
                action.retryCount,
                action.dryRun,
                action.deadlineAt,
                now);
        EventValidator.shared().validate(event).orThrow();
        registry.counter("opmas_playbook_actions_released_total", "action_type", action.actionType).increment();
        return outbox.append(event).replaceWithVoid();
    }

    /** Ends a run; its steps that were never released are skipped with the same reason. */
    public Uni<Void> finish(PlaybookRun run, String status, String reason, Instant now) {
        run.status = status;
        run.statusReason = reason;
        run.finishedAt = now;
        registry.counter("opmas_playbook_runs_finished_total", "status", status).increment();
        return actions.skipWaiting(run.runId, reason).replaceWithVoid();
    }

    /** now + timeout x (retries + 1) + margin: the executor skips the step if it cannot start by then. */
    Instant deadline(IntendedAction action, Instant now) {
        long perAttempt = action.timeoutSeconds == null ? 30 : action.timeoutSeconds;
        long attempts = (action.retryCount == null ? 0 : action.retryCount) + 1L;
        return now.plus(Duration.ofSeconds(perAttempt * attempts)).plus(config.deadlineMargin());
    }
}
