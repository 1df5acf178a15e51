package org.opmas.finding.query.service;

import java.time.Instant;
import java.util.Map;

import org.opmas.common.rest.SortSpec;

/**
 * Validated filters of {@code GET /api/v1/findings}.
 *
 * @param details containment document built from {@code details.<path>=<value>} parameters
 */
public record FindingQuery(
        Long deviceId,
        Long agentId,
        String severity,
        String minSeverity,
        String status,
        String findingType,
        Instant createdAfter,
        Instant createdBefore,
        String text,
        Map<String, Object> details,
        SortSpec sort) {
}
