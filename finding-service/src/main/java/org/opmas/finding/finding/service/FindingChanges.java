package org.opmas.finding.finding.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.outbox.Outbox;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.finding.FindingStates;
import org.opmas.finding.finding.repository.FindingWriteRepository;
import org.opmas.finding.lifecycle.FindingTransition;
import org.opmas.finding.lifecycle.repository.FindingTransitionRepository;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.FindingStatus;
import org.opmas.schema.validation.EventValidator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Applies a change to a finding inside the caller's transaction: saves the row, writes the audit
 * transition (when the status or a lifecycle fact changed) and, when asked, the FindingEvent into
 * finding_outbox — all or nothing.
 */
@ApplicationScoped
public class FindingChanges {

    private final FindingWriteRepository findings;
    private final FindingTransitionRepository transitions;
    private final Outbox outbox;
    private final MeterRegistry registry;

    public FindingChanges(FindingWriteRepository findings, FindingTransitionRepository transitions, Outbox outbox,
            MeterRegistry registry) {
        this.findings = findings;
        this.transitions = transitions;
        this.outbox = outbox;
        this.registry = registry;
    }

    /** A mutable copy of the row to change and pass to {@link #apply}. */
    public static ObjectNode draft(FindingRow row) {
        return (ObjectNode) EventJson.toTree(row);
    }

    /**
     * Saves {@code draft} (a changed copy of {@code before}).
     *
     * @param transition audit name, or null for a change that is not a lifecycle step (a repeat detection)
     * @param event      the FindingEvent to publish, or null for none
     */
    public Uni<FindingRow> apply(FindingRow before, ObjectNode draft, String transition, String actor, String reason,
            FindingEvent.Type event, UUID detectionId) {
        if (event != null) {
            draft.put("last_event_at", Instant.now().toString());
        }
        return findings.save(draft)
                .onItem().ifNull().failWith(() -> new IllegalStateException("finding " + before.id() + " vanished"))
                .call(after -> transition == null ? Uni.createFrom().voidItem()
                        : record(after, before.status(), transition, actor, reason))
                .call(after -> event == null ? Uni.createFrom().voidItem()
                        : publish(event, before.status(), detectionId, after));
    }

    public Uni<Void> record(FindingRow finding, String fromStatus, String transition, String actor, String reason) {
        FindingTransition t = new FindingTransition();
        t.findingId = (int) finding.id();
        t.findingCreatedAt = finding.createdAt();
        t.fromStatus = fromStatus;
        t.toStatus = finding.status();
        t.transition = transition;
        t.actor = actor;
        t.reason = reason;
        t.createdAt = Instant.now();
        return transitions.persist(t).replaceWithVoid();
    }

    /** Writes the event into the outbox (same transaction); validated against the contract first. */
    public Uni<Void> publish(FindingEvent.Type type, String previousStatus, UUID detectionId, FindingRow row) {
        FindingEvent event = new FindingEvent(UUID.randomUUID(), type, Instant.now(),
                previousStatus == null ? null : FindingStatus.fromWire(previousStatus), detectionId, toEventFinding(row));
        try {
            EventValidator.shared().validate(event).orThrow();
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        registry.counter("opmas.finding.events", "type", type.name().toLowerCase()).increment();
        return outbox.append(event).replaceWithVoid();
    }

    public static FindingEvent.Finding toEventFinding(FindingRow row) {
        return new FindingEvent.Finding(row.id(), row.createdAt(), row.agentId(),
                row.deviceId() == null ? 0 : row.deviceId(), row.findingType(), FindingStates.toSeverity(row.severity()),
                row.description(), row.details(), FindingStatus.fromWire(row.status()), row.fingerprint(),
                row.occurrenceCount(), row.firstSeenAt(), row.lastSeenAt(), row.shadow(), row.updatedAt());
    }
}
