package org.opmas.executor.execution.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.opmas.executor.execution.Execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One execution as the API shows it; {@code result} only on the single-execution endpoint. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecutionView(Integer id, Integer deviceId, UUID runId, Integer stepNumber, Integer playbookId,
        Integer findingId, String actionType, String status, boolean dryRun, String command, Integer exitCode,
        Long durationMs, int attempts, String error, Instant scheduledAt, Instant startedAt, Instant executedAt,
        Instant deadlineAt, Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> result) {

    public static ExecutionView summary(Execution e) {
        return of(e, false);
    }

    public static ExecutionView detail(Execution e) {
        return of(e, true);
    }

    private static ExecutionView of(Execution e, boolean withResult) {
        Map<String, Object> r = e.result;
        Object command = e.actionConfig == null ? null : e.actionConfig.get("command");
        return new ExecutionView(e.id, e.deviceId, e.runId, e.stepNumber, e.playbookId, e.findingId, e.actionType,
                e.status, e.dryRun, command == null ? null : command.toString(),
                r != null && r.get("exit_code") instanceof Number n ? n.intValue() : null,
                r != null && r.get("duration_ms") instanceof Number n ? n.longValue() : null,
                r != null && r.get("attempts") instanceof Number n ? n.intValue() : e.attempts,
                r != null && r.get("error") != null ? r.get("error").toString() : null,
                e.scheduledAt, e.startedAt, e.executedAt, e.deadlineAt, e.createdAt, withResult ? r : null);
    }
}
