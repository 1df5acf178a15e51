package org.opmas.playbook.runs.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.opmas.playbook.runs.IntendedAction;
import org.opmas.playbook.runs.PlaybookRun;
import org.opmas.playbook.runs.service.RunPlanner.PlannedStep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Wire shapes of runs, intended actions and decisions (snake_case). */
public final class RunDtos {

    private RunDtos() {
    }

    /** Who decided is the bearer token's subject, never a name in the body. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DecisionRequest(@Size(max = 4096) String reason) {
    }

    /** Who cancelled is the bearer token's subject, never a name in the body. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CancelRequest(@Size(max = 4096) String reason) {
    }

    /** The run's requested_by is the bearer token's subject, never a name in the body. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ManualRunRequest(@NotNull @Min(1) Integer deviceId, @Min(1) Integer findingId,
            Instant findingCreatedAt, JsonNode variables) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ManualRunResponse(UUID runId, String status, String statusReason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PreviewStep(int stepNumber, String name, String actionType, String command, JsonNode actionConfig,
            boolean requiresApproval, boolean continueOnFailure, int timeoutSeconds, int retryCount, String error) {

        public static PreviewStep of(PlannedStep s) {
            return new PreviewStep(s.stepNumber(), s.name(), s.actionType(), s.command(), s.actionConfig(),
                    s.requiresApproval(), s.continueOnFailure(), s.timeoutSeconds(), s.retryCount(), s.error());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PreviewResponse(int playbookId, int deviceId, boolean renderable, boolean dryRun,
            List<PreviewStep> steps) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IntendedActionResponse(int id, UUID runId, Integer stepNumber, Integer playbookId, Integer deviceId,
            Integer findingId, Instant findingCreatedAt, String status, String statusReason, String actionType,
            JsonNode actionConfig, boolean dryRun, boolean requiresApproval, boolean continueOnFailure,
            Integer timeoutSeconds, Integer retryCount, Instant scheduledAt, Instant deadlineAt,
            Instant approvalExpiresAt, String approvedBy, Instant approvedAt, String rejectedBy, Instant rejectedAt,
            String decisionReason, Instant startedAt, Instant executedAt, Integer attempts, JsonNode result,
            Instant createdAt, Instant updatedAt) {

        public static IntendedActionResponse of(IntendedAction a) {
            return new IntendedActionResponse(a.id, a.runId, a.stepNumber, a.playbookId, a.deviceId, a.findingId,
                    a.findingCreatedAt, a.status, a.statusReason, a.actionType, a.actionConfig, a.dryRun,
                    a.requiresApproval, a.continueOnFailure, a.timeoutSeconds, a.retryCount, a.scheduledAt,
                    a.deadlineAt, a.approvalExpiresAt, a.approvedBy, a.approvedAt, a.rejectedBy, a.rejectedAt,
                    a.decisionReason, a.startedAt, a.executedAt, a.attempts, a.result, a.createdAt, a.updatedAt);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunResponse(UUID runId, int playbookId, int deviceId, Integer findingId, Instant findingCreatedAt,
            String trigger, String status, String statusReason, Integer currentStep, int stepCount, boolean dryRun,
            String requestedBy, JsonNode variables, Instant createdAt, Instant updatedAt, Instant finishedAt,
            List<IntendedActionResponse> steps) {

        public static RunResponse of(PlaybookRun r, List<IntendedAction> steps) {
            return new RunResponse(r.runId, r.playbookId, r.deviceId, r.findingId, r.findingCreatedAt, r.trigger,
                    r.status, r.statusReason, r.currentStep, r.stepCount, r.dryRun, r.requestedBy, r.variables,
                    r.createdAt, r.updatedAt, r.finishedAt,
                    steps == null ? null : steps.stream().map(IntendedActionResponse::of).toList());
        }
    }
}
