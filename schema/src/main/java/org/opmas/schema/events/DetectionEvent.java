package org.opmas.schema.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.opmas.schema.CloudEvents;

/**
 * A rule matched — topic {@code opmas.findings.detected}, ce_type {@code org.opmas.finding.detected.v1},
 * schema {@code schemas/detection.v1.schema.json}.
 *
 * @param id           deterministic id, see {@link #deterministicId}
 * @param agent        agent name
 * @param agentId      agents.id
 * @param rule         rule name
 * @param ruleId       agent_rules.id
 * @param deviceId     devices.id
 * @param findingType  e.g. {@code ssh_brute_force} (≤ 50 chars)
 * @param severity     info | warning | error | critical
 * @param description  human-readable summary (≤ 4096 chars)
 * @param details      rule-specific facts (object; values from log lines are untrusted)
 * @param evidence     ids of the matching DeviceLogEvents, at most {@link #MAX_EVIDENCE}
 * @param matchCount   how many events matched (may exceed the evidence cap), nullable
 * @param windowStart  start of the matched window, nullable
 * @param windowEnd    end of the matched window, nullable
 * @param detectedAt   when the rule fired
 * @param fingerprint  dedup key of the finding (≤ 256 chars)
 * @param shadow       shadow-mode rule: a finding is recorded, no playbook acts on it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DetectionEvent(
        UUID id,
        String agent,
        long agentId,
        String rule,
        long ruleId,
        long deviceId,
        String findingType,
        Severity severity,
        String description,
        JsonNode details,
        List<UUID> evidence,
        Long matchCount,
        Instant windowStart,
        Instant windowEnd,
        Instant detectedAt,
        String fingerprint,
        boolean shadow) implements OpmasEvent {

    /** Cap on {@code evidence}. */
    public static final int MAX_EVIDENCE = 100;

    public DetectionEvent {
        details = Nodes.orNull(details);
    }

    /**
     * The deterministic id of a detection: the same rule firing for the same device and fingerprint
     * at the same anchor (window start, or the triggering event's timestamp) always gets the same id,
     * so a replay after a restart is recognised as a duplicate.
     */
    public static UUID deterministicId(long ruleId, long deviceId, String fingerprint, Instant anchor) {
        return EventIds.nameBased("detection.v1", Long.toString(ruleId), Long.toString(deviceId), fingerprint,
                anchor == null ? null : anchor.toString());
    }

    /** The last {@link #MAX_EVIDENCE} ids of {@code ids} (the most recent when ids are oldest first). */
    public static List<UUID> capEvidence(List<UUID> ids) {
        if (ids == null) {
            return List.of();
        }
        return ids.size() <= MAX_EVIDENCE ? List.copyOf(ids) : List.copyOf(ids.subList(ids.size() - MAX_EVIDENCE, ids.size()));
    }

    @Override
    public String eventType() {
        return CloudEvents.FINDING_DETECTED_V1;
    }

    @Override
    public Instant eventTime() {
        return detectedAt;
    }

    @Override
    public String kafkaKey() {
        return Long.toString(deviceId);
    }
}
