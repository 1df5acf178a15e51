package org.opmas.executor.execution.repository;

import java.time.Instant;
import java.util.UUID;

/** Filters of the executions list; null means "any". */
public record ExecutionFilter(String status, Integer deviceId, UUID runId, String actionType, Instant since,
        boolean executedOnly) {
}
