package org.opmas.finding.action.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.finding.config.FindingSettings;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.finding.FindingStates;
import org.opmas.finding.finding.repository.FindingWriteRepository;
import org.opmas.finding.finding.service.FindingChanges;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.FindingEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Applies action results to findings.
 *
 * <p>Every result is recorded once (finding_actions, keyed by the event id) and counted on the
 * finding. A {@code succeeded}, non-dry-run result of the LAST step of its run
 * ({@link ActionResultEvent#completesRun()}) resolves an open finding — a diagnostic first step
 * succeeding says nothing about the remedy that follows (which may still await approval) — unless
 * verification applies: {@code details.verify_seconds} of the finding (the rule's hint), else the
 * setting {@code findings.verification_seconds}. With a window &gt; 0 the finding enters
 * verification; {@link #resolveVerified} resolves it when the window passes without a repeat
 * detection, and a repeat inside the window escalates it (see DetectionIngestService).
 */
@ApplicationScoped
public class ActionOutcomeService {

    public enum Outcome { RECORDED, RESOLVED, VERIFYING, DUPLICATE, UNKNOWN_FINDING }

    private final FindingWriteRepository findings;
    private final FindingChanges changes;
    private final FindingSettings settings;
    private final MeterRegistry registry;

    public ActionOutcomeService(FindingWriteRepository findings, FindingChanges changes, FindingSettings settings,
            MeterRegistry registry) {
        this.findings = findings;
        this.changes = changes;
        this.settings = settings;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<Outcome> apply(ActionResultEvent result) {
        return findings.findById(result.findingId())
                .chain(found -> found == null ? Uni.createFrom().item(Outcome.UNKNOWN_FINDING)
                        : findings.lockFingerprint(found.fingerprint())
                                .chain(() -> findings.recordAction(action(result, found)))
                                .chain(fresh -> !fresh ? Uni.createFrom().item(Outcome.DUPLICATE)
                                        : findings.lockById(found.id()).chain(current -> apply(current, result))))
                .invoke(outcome -> registry.counter("opmas.finding.action.results", "outcome",
                        outcome.name().toLowerCase()).increment());
    }

    private Uni<Outcome> apply(FindingRow current, ActionResultEvent result) {
        ObjectNode draft = FindingChanges.draft(current);
        draft.put("actions_count", current.actionsCount() + 1);
        draft.put("last_action_status", result.status().wire());
        String actor = "playbook:" + result.playbookId();
        if (result.status() != ActionStatus.SUCCEEDED || result.dryRun() || !result.completesRun()
                || !current.isOpen()) {
            return changes.apply(current, draft, null, null, null, null, null).replaceWith(Outcome.RECORDED);
        }
        long verifySeconds = verifySeconds(current);
        String what = "playbook " + result.playbookId() + " run " + result.runId() + " step " + result.stepNumber()
                + " (action " + result.actionId() + ") succeeded";
        if (verifySeconds <= 0) {
            draft.put("status", FindingStates.RESOLVED);
            draft.put("resolved_at", Instant.now().toString());
            draft.put("resolved_by", actor);
            draft.put("resolution_reason", what);
            return findings.markClosed(current)
                    .chain(() -> changes.apply(current, draft, "resolve", actor, what, FindingEvent.Type.RESOLVED, null))
                    .replaceWith(Outcome.RESOLVED);
        }
        if ("pending".equals(current.verificationState())) {
            return changes.apply(current, draft, null, null, null, null, null).replaceWith(Outcome.VERIFYING);
        }
        draft.put("verification_state", "pending");
        draft.put("verification_due_at", Instant.now().plus(Duration.ofSeconds(verifySeconds)).toString());
        return changes.apply(current, draft, "verification_started", actor,
                what + "; resolved if no repeat detection within " + verifySeconds + " s", FindingEvent.Type.UPDATED,
                null).replaceWith(Outcome.VERIFYING);
    }

    /** Resolves a finding whose verification window passed quietly; false if it no longer applies. */
    @WithTransaction
    public Uni<Boolean> resolveVerified(long findingId) {
        return findings.findById(findingId)
                .chain(found -> found == null ? Uni.createFrom().item(false)
                        : findings.lockFingerprint(found.fingerprint())
                                .chain(() -> findings.lockById(findingId))
                                .chain(current -> {
                                    if (current == null || !"pending".equals(current.verificationState())
                                            || current.verificationDueAt().isAfter(Instant.now())) {
                                        return Uni.createFrom().item(false);
                                    }
                                    ObjectNode draft = FindingChanges.draft(current);
                                    String reason = "verified: no repeat detection until " + current.verificationDueAt()
                                            + " after the playbook succeeded";
                                    draft.put("verification_state", "passed");
                                    draft.put("status", FindingStates.RESOLVED);
                                    draft.put("resolved_at", Instant.now().toString());
                                    draft.put("resolved_by", "finding-service:verification");
                                    draft.put("resolution_reason", reason);
                                    return findings.markClosed(current)
                                            .chain(() -> changes.apply(current, draft, "resolve",
                                                    "finding-service:verification", reason, FindingEvent.Type.RESOLVED,
                                                    null))
                                            .replaceWith(true);
                                }));
    }

    long verifySeconds(FindingRow finding) {
        JsonNode hint = finding.details() == null ? null : finding.details().get("verify_seconds");
        if (hint != null && hint.canConvertToLong() && hint.asLong() >= 0) {
            return hint.asLong();
        }
        return settings.verificationSeconds();
    }

    private static JsonNode action(ActionResultEvent result, FindingRow finding) {
        ObjectNode a = EventJson.mapper().createObjectNode();
        a.put("event_id", result.id().toString());
        a.put("action_id", result.actionId());
        a.put("finding_id", finding.id());
        a.put("finding_created_at", finding.createdAt().toString());
        a.put("playbook_id", result.playbookId());
        a.put("run_id", result.runId().toString());
        a.put("step_number", result.stepNumber());
        a.put("status", result.status().wire());
        if (result.exitCode() != null) {
            a.put("exit_code", result.exitCode());
        }
        if (result.error() != null) {
            a.put("error", result.error());
        }
        a.put("dry_run", result.dryRun());
        a.put("finished_at", result.finishedAt().toString());
        return a;
    }

    /** Ids of findings whose verification window has passed. */
    public static final String DUE_SQL = "SELECT id FROM findings WHERE verification_state = 'pending' "
            + "AND verification_due_at <= now() ORDER BY verification_due_at LIMIT 100";

}
