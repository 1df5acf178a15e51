package org.opmas.finding.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.finding.config.FindingSettings;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.finding.FindingStates;
import org.opmas.finding.finding.repository.FindingWriteRepository;
import org.opmas.finding.finding.service.FindingChanges;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.FindingEvent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns detections into findings, idempotently and collapsing storms.
 *
 * <p>A batch is one transaction: its detection ids are claimed in finding_detections (replays drop
 * out), the rest are grouped by fingerprint, and each group is applied under the fingerprint's
 * advisory lock: a new finding if none is open, else one update of the open finding (occurrence
 * count + group size). Fingerprints are locked in sorted order, so two batches cannot deadlock.
 * finding_open_fingerprints' primary key backs the lock: two open findings of one fingerprint
 * cannot exist even if the lock were bypassed.
 */
@ApplicationScoped
public class DetectionIngestService {

    private final FindingWriteRepository findings;
    private final FindingChanges changes;
    private final FindingSettings settings;
    private final MeterRegistry registry;

    public DetectionIngestService(FindingWriteRepository findings, FindingChanges changes, FindingSettings settings,
            MeterRegistry registry) {
        this.findings = findings;
        this.changes = changes;
        this.settings = settings;
        this.registry = registry;
    }

    /** What a batch did. */
    public record IngestResult(int created, int merged, int duplicates) {
    }

    @WithTransaction
    public Uni<IngestResult> ingest(List<DetectionEvent> detections) {
        if (detections.isEmpty()) {
            return Uni.createFrom().item(new IngestResult(0, 0, 0));
        }
        ArrayNode claims = EventJson.mapper().createArrayNode();
        for (DetectionEvent d : detections) {
            claims.addObject().put("detection_id", d.id().toString()).put("fingerprint", d.fingerprint())
                    .put("detected_at", d.detectedAt().toString());
        }
        return findings.claimDetections(claims).chain(fresh -> {
            Set<UUID> freshIds = new HashSet<>(fresh);
            // Sorted by fingerprint (lock order); each group in arrival order, first claim wins.
            Map<String, List<DetectionEvent>> groups = new TreeMap<>();
            for (DetectionEvent d : detections) {
                if (freshIds.remove(d.id())) {
                    groups.computeIfAbsent(d.fingerprint(), k -> new ArrayList<>()).add(d);
                }
            }
            int duplicates = detections.size() - groups.values().stream().mapToInt(List::size).sum();
            int[] createdMerged = new int[2];
            return Multi.createFrom().iterable(groups.values())
                    .onItem().transformToUniAndConcatenate(group -> apply(group)
                            .invoke(created -> createdMerged[created ? 0 : 1] += created ? 1 : group.size()))
                    .collect().last()
                    .map(ignored -> {
                        registry.counter("opmas.finding.detections", "outcome", "duplicate").increment(duplicates);
                        registry.counter("opmas.finding.detections", "outcome", "created").increment(createdMerged[0]);
                        registry.counter("opmas.finding.detections", "outcome", "merged").increment(createdMerged[1]);
                        return new IngestResult(createdMerged[0], createdMerged[1], duplicates);
                    });
        });
    }

    /** Applies the detections of one fingerprint; emits true if a finding was created. */
    private Uni<Boolean> apply(List<DetectionEvent> group) {
        String fingerprint = group.get(0).fingerprint();
        return findings.lockFingerprint(fingerprint)
                .chain(() -> findings.findOpen(fingerprint))
                .chain(open -> open == null ? create(group).replaceWith(true) : merge(open, group).replaceWith(false));
    }

    private Uni<FindingRow> create(List<DetectionEvent> group) {
        DetectionEvent latest = latest(group);
        ObjectNode values = EventJson.mapper().createObjectNode();
        values.put("agent_id", latest.agentId());
        values.put("device_id", latest.deviceId());
        values.put("rule_id", latest.ruleId());
        values.put("finding_type", latest.findingType());
        values.put("severity", highestSeverity(group, latest.severity().wire()));
        values.put("description", latest.description());
        values.set("details", latest.details());
        values.put("fingerprint", latest.fingerprint());
        values.put("occurrence_count", group.size());
        values.put("first_seen_at", earliest(group).toString());
        values.put("last_seen_at", latest.detectedAt().toString());
        values.put("shadow", latest.shadow());
        values.put("detection_id", latest.id().toString());
        return findings.insert(values)
                .call(created -> findings.markOpen(created))
                .call(created -> changes.record(created, null, "detected", "agent:" + latest.agent(),
                        latest.rule() + " fired"))
                .call(created -> changes.publish(FindingEvent.Type.CREATED, null, latest.id(), created))
                .call(created -> findings.linkDetections(created, ids(group)));
    }

    /**
     * A repeat of an open finding. Storm policy: the row always reflects every detection, but an
     * {@code updated} event is published at most once per {@code findings.update_event_interval} per
     * finding (always when severity rose); the playbook acts on {@code created} only.
     * During a pending verification a repeat means the fix did not hold: escalate.
     */
    private Uni<FindingRow> merge(FindingRow open, List<DetectionEvent> group) {
        DetectionEvent latest = latest(group);
        Instant lastSeen = open.lastSeenAt().isAfter(latest.detectedAt()) ? open.lastSeenAt() : latest.detectedAt();
        String severity = highestSeverity(group, open.severity());
        ObjectNode draft = FindingChanges.draft(open);
        draft.put("occurrence_count", open.occurrenceCount() + group.size());
        draft.put("last_seen_at", lastSeen.toString());
        draft.put("description", latest.description());
        draft.set("details", latest.details());
        draft.put("detection_id", latest.id().toString());
        draft.put("shadow", latest.shadow());

        if ("pending".equals(open.verificationState())) {
            String escalated = FindingStates.escalate(severity);
            draft.put("severity", escalated);
            draft.put("verification_state", "failed");
            draft.remove("verification_due_at");
            draft.put("escalation_count", open.escalationCount() + 1);
            draft.put("status", FindingStates.NEW);
            draft.remove("acknowledged_at");
            draft.remove("acknowledged_by");
            FindingEvent.Type type = FindingStates.NEW.equals(open.status()) ? FindingEvent.Type.UPDATED
                    : FindingEvent.Type.STATUS_CHANGED;
            registry.counter("opmas.finding.escalations").increment();
            return changes.apply(open, draft, "escalate", "agent:" + latest.agent(),
                    "repeat detection during verification; severity " + open.severity() + " -> " + escalated,
                    type, latest.id())
                    .call(saved -> findings.linkDetections(saved, ids(group)));
        }

        draft.put("severity", severity);
        boolean severityRose = FindingStates.rank(severity) > FindingStates.rank(open.severity());
        Duration interval = settings.updateEventInterval();
        boolean due = open.lastEventAt() == null || open.lastEventAt().plus(interval).isBefore(Instant.now());
        return changes.apply(open, draft, null, null, null, severityRose || due ? FindingEvent.Type.UPDATED : null,
                latest.id())
                .call(saved -> findings.linkDetections(saved, ids(group)));
    }

    private static DetectionEvent latest(List<DetectionEvent> group) {
        DetectionEvent latest = group.get(0);
        for (DetectionEvent d : group) {
            if (!d.detectedAt().isBefore(latest.detectedAt())) {
                latest = d;
            }
        }
        return latest;
    }

    private static Instant earliest(List<DetectionEvent> group) {
        Instant earliest = group.get(0).detectedAt();
        for (DetectionEvent d : group) {
            if (d.detectedAt().isBefore(earliest)) {
                earliest = d.detectedAt();
            }
        }
        return earliest;
    }

    private static String highestSeverity(List<DetectionEvent> group, String start) {
        String highest = start;
        for (DetectionEvent d : group) {
            highest = FindingStates.max(highest, d.severity().wire());
        }
        return highest;
    }

    private static List<UUID> ids(List<DetectionEvent> group) {
        Map<UUID, Boolean> ids = new LinkedHashMap<>();
        group.forEach(d -> ids.put(d.id(), true));
        return new ArrayList<>(ids.keySet());
    }
}
