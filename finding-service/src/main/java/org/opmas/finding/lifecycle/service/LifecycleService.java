package org.opmas.finding.lifecycle.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.FieldError;
import org.opmas.common.rest.NotFoundProblem;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.ProblemTypes;
import org.opmas.common.tenant.TenantScope;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.finding.FindingStates;
import org.opmas.finding.finding.repository.FindingWriteRepository;
import org.opmas.finding.finding.service.FindingChanges;
import org.opmas.finding.lifecycle.FindingTransition;
import org.opmas.finding.lifecycle.repository.FindingTransitionRepository;
import org.opmas.schema.events.FindingEvent;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Operator transitions of a finding. The table (also in docs/FINDING-SERVICE.md):
 *
 * <pre>
 * acknowledge     new                        → acknowledged
 * resolve         new, acknowledged          → resolved
 * false_positive  new, acknowledged          → false_positive
 * reopen          resolved, false_positive   → new
 * </pre>
 *
 * Anything else is a 409 naming the current and the requested status.
 */
@ApplicationScoped
public class LifecycleService {

    /** A transition: its target status and the statuses it may start from. */
    public enum Transition {
        ACKNOWLEDGE("acknowledge", FindingStates.ACKNOWLEDGED, Set.of(FindingStates.NEW)),
        RESOLVE("resolve", FindingStates.RESOLVED, Set.of(FindingStates.NEW, FindingStates.ACKNOWLEDGED)),
        FALSE_POSITIVE("false_positive", FindingStates.FALSE_POSITIVE,
                Set.of(FindingStates.NEW, FindingStates.ACKNOWLEDGED)),
        REOPEN("reopen", FindingStates.NEW, Set.of(FindingStates.RESOLVED, FindingStates.FALSE_POSITIVE));

        public final String label;
        public final String target;
        public final Set<String> from;

        Transition(String label, String target, Set<String> from) {
            this.label = label;
            this.target = target;
            this.from = from;
        }
    }

    public static final Map<String, Transition> BY_PATH = Map.of("acknowledge", Transition.ACKNOWLEDGE, "resolve",
            Transition.RESOLVE, "false-positive", Transition.FALSE_POSITIVE, "reopen", Transition.REOPEN);

    private final FindingWriteRepository findings;
    private final FindingChanges changes;
    private final FindingTransitionRepository transitions;
    private final TenantScope tenants;

    public LifecycleService(FindingWriteRepository findings, FindingChanges changes,
            FindingTransitionRepository transitions, TenantScope tenants) {
        this.findings = findings;
        this.changes = changes;
        this.transitions = transitions;
        this.tenants = tenants;
    }

    /**
     * Runs in the caller's tenant transaction: another tenant's finding is not found (404, the same as a
     * missing one, so its existence does not leak) and row-level security would refuse the write anyway.
     */
    public Uni<FindingRow> transition(long id, Transition transition, String actor, String reason) {
        return tenants.withTransaction(() -> findings.findById(id)
                .onItem().ifNull().failWith(() -> new NotFoundProblem("finding " + id + " does not exist"))
                // Fingerprint lock first, then the row lock: the order every writer uses.
                .call(found -> findings.lockFingerprint(found.fingerprint()))
                .chain(found -> findings.lockById(id))
                .chain(current -> apply(current, transition, actor, reason)));
    }

    private Uni<FindingRow> apply(FindingRow current, Transition transition, String actor, String reason) {
        if (!transition.from.contains(current.status())) {
            return Uni.createFrom().failure(illegal(current, transition));
        }
        ObjectNode draft = FindingChanges.draft(current);
        draft.put("status", transition.target);
        Instant now = Instant.now();
        Uni<Void> guard = Uni.createFrom().voidItem();
        switch (transition) {
            case ACKNOWLEDGE -> {
                draft.put("acknowledged_at", now.toString());
                draft.put("acknowledged_by", actor);
            }
            case RESOLVE, FALSE_POSITIVE -> {
                draft.put("resolved_at", now.toString());
                draft.put("resolved_by", actor);
                putOrRemove(draft, "resolution_reason", reason);
                if ("pending".equals(current.verificationState())) {
                    draft.remove("verification_state");
                    draft.remove("verification_due_at");
                }
                guard = findings.markClosed(current).replaceWithVoid();
            }
            case REOPEN -> {
                draft.remove("resolved_at");
                draft.remove("resolved_by");
                draft.remove("resolution_reason");
                draft.remove("acknowledged_at");
                draft.remove("acknowledged_by");
                draft.remove("verification_state");
                draft.remove("verification_due_at");
                guard = findings.openFindingId(current.fingerprint()).chain(openId -> openId == null
                        ? findings.markOpen(current).replaceWithVoid()
                        : Uni.createFrom().failure(new ProblemException(409, ProblemTypes.CONFLICT, "Conflict",
                                "finding " + openId + " is already open for the same fingerprint; reopen is refused",
                                List.of(new FieldError("status", "finding " + openId
                                        + " is the open finding of fingerprint " + current.fingerprint())))));
            }
        }
        FindingEvent.Type type = transition == Transition.RESOLVE ? FindingEvent.Type.RESOLVED
                : FindingEvent.Type.STATUS_CHANGED;
        return guard.chain(() -> changes.apply(current, draft, transition.label, actor, reason, type, null));
    }

    /** finding_transitions has no tenant of its own: the finding's visibility decides (404 for another tenant's). */
    public Uni<List<FindingTransition>> history(long id) {
        return tenants.withTransaction(() -> findings.findById(id)
                .onItem().ifNull().failWith(() -> new NotFoundProblem("finding " + id + " does not exist"))
                .chain(found -> transitions.history(found.id(), found.createdAt())));
    }

    static ProblemException illegal(FindingRow current, Transition transition) {
        String detail = "cannot " + transition.label.replace('_', ' ') + " finding " + current.id() + ": its status is "
                + current.status() + " (allowed from " + String.join(", ", transition.from.stream().sorted().toList())
                + "), requested " + transition.target;
        return new ProblemException(409, ProblemTypes.CONFLICT, "Illegal status transition", detail,
                List.of(new FieldError("status", "current status is " + current.status() + ", requested "
                        + transition.target)));
    }

    private static void putOrRemove(ObjectNode draft, String field, String value) {
        if (value == null) {
            draft.remove(field);
        } else {
            draft.put(field, value);
        }
    }
}
