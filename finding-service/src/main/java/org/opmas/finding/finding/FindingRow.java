package org.opmas.finding.finding;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One findings row as stored (read from the database as {@code to_jsonb(findings)}), and the shape
 * the REST API returns. Status and severity stay strings: the database CHECKs guard their values.
 * {@code tenant_id} is read-only: a trigger copies it from the device (V60_1), whatever the service writes.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FindingRow(
        long id,
        Instant createdAt,
        Instant updatedAt,
        Long agentId,
        Long deviceId,
        @Schema(readOnly = true, description = "tenant of the device (inherited by the database, never written by the service)")
        String tenantId,
        Long ruleId,
        String findingType,
        String severity,
        String description,
        JsonNode details,
        String status,
        String fingerprint,
        long occurrenceCount,
        Instant firstSeenAt,
        Instant lastSeenAt,
        boolean shadow,
        UUID detectionId,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        String resolutionReason,
        String verificationState,
        Instant verificationDueAt,
        int escalationCount,
        int actionsCount,
        String lastActionStatus,
        Instant lastEventAt) {

    public boolean isOpen() {
        return FindingStates.isOpen(status);
    }
}
