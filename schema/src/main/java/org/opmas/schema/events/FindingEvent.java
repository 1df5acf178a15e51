package org.opmas.schema.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.opmas.schema.CloudEvents;

/**
 * A finding changed — topic {@code opmas.findings}, ce_type {@code org.opmas.finding.created.v1},
 * {@code .updated.v1}, {@code .resolved.v1} or {@code .status_changed.v1} (matching {@code type}),
 * schema {@code schemas/finding.v1.schema.json}. Carries the whole finding after the change.
 *
 * @param id             event id (= ce_id)
 * @param type           created | updated | resolved | status_changed
 * @param occurredAt     when the change was committed
 * @param previousStatus status before the change, nullable
 * @param detectionId    the detection that caused it, nullable
 * @param finding        the finding after the change
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FindingEvent(
        UUID id,
        Type type,
        Instant occurredAt,
        FindingStatus previousStatus,
        UUID detectionId,
        Finding finding) implements OpmasEvent {

    /** Kind of change. */
    public enum Type {
        /** First detection with a new fingerprint. */
        @JsonProperty("created")
        CREATED(CloudEvents.FINDING_CREATED_V1),
        /** Another detection of an open finding (occurrence_count, last_seen_at, severity may change). */
        @JsonProperty("updated")
        UPDATED(CloudEvents.FINDING_UPDATED_V1),
        /** Resolved (by a playbook run that succeeded, or by an operator). */
        @JsonProperty("resolved")
        RESOLVED(CloudEvents.FINDING_RESOLVED_V1),
        /** Any other status change (acknowledged, false_positive, reopened). */
        @JsonProperty("status_changed")
        STATUS_CHANGED(CloudEvents.FINDING_STATUS_CHANGED_V1);

        private final String ceType;

        Type(String ceType) {
            this.ceType = ceType;
        }

        /** The ce_type of events of this kind. */
        public String ceType() {
            return ceType;
        }
    }

    /** A finding as published. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Finding(
            long id,
            Instant createdAt,
            Long agentId,
            long deviceId,
            String findingType,
            Severity severity,
            String description,
            JsonNode details,
            FindingStatus status,
            String fingerprint,
            long occurrenceCount,
            Instant firstSeenAt,
            Instant lastSeenAt,
            boolean shadow,
            Instant updatedAt) {

        public Finding {
            details = Nodes.orNull(details);
        }
    }

    @Override
    public String eventType() {
        return type.ceType();
    }

    @Override
    public Instant eventTime() {
        return occurredAt;
    }

    @Override
    public String kafkaKey() {
        return Long.toString(finding.deviceId());
    }
}
