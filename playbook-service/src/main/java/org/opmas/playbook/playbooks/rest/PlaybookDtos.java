package org.opmas.playbook.playbooks.rest;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.opmas.playbook.playbooks.Playbook;
import org.opmas.playbook.playbooks.PlaybookStep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Wire shapes of the playbooks API (snake_case). */
public final class PlaybookDtos {

    private PlaybookDtos() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PlaybookRequest(
            @NotBlank @Size(max = 255) String name,
            @Size(max = 4096) String description,
            @NotBlank String triggerType,
            JsonNode triggerConditions,
            Boolean isActive,
            JsonNode policy,
            @Size(max = 50) List<@Valid StepRequest> steps) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StepRequest(
            @Min(1) @Max(1000) Integer stepNumber,
            @Size(max = 255) String name,
            @NotBlank String actionType,
            JsonNode actionConfig,
            @Min(1) @Max(3600) Integer timeoutSeconds,
            @Min(0) @Max(10) Integer retryCount,
            Boolean continueOnFailure,
            Boolean requiresApproval) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StepOrderRequest(@NotNull @NotEmpty List<@NotNull Integer> stepIds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StepResponse(int id, int playbookId, int stepNumber, String name, String actionType,
            JsonNode actionConfig, int timeoutSeconds, int retryCount, boolean continueOnFailure,
            boolean requiresApproval, Instant createdAt, Instant updatedAt) {

        public static StepResponse of(PlaybookStep s) {
            return new StepResponse(s.id, s.playbookId, s.stepNumber, s.name, s.actionType, s.actionConfig,
                    s.timeoutOrDefault(), s.retriesOrDefault(), s.continueOnFailure, s.requiresApproval, s.createdAt,
                    s.updatedAt);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PlaybookResponse(int id, String name, String description, String triggerType,
            JsonNode triggerConditions, boolean isActive, JsonNode policy, List<StepResponse> steps,
            Instant createdAt, Instant updatedAt) {

        public static PlaybookResponse of(Playbook p, List<PlaybookStep> steps) {
            return new PlaybookResponse(p.id, p.name, p.description, p.triggerType, p.triggerConditions, p.active(),
                    p.policy, steps == null ? null : steps.stream().map(StepResponse::of).toList(), p.createdAt,
                    p.updatedAt);
        }
    }
}
