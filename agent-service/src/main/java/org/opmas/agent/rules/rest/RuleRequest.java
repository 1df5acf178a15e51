package org.opmas.agent.rules.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Create or replace a rule. {@code rule_type} picks the evaluator; {@code conditions} and
 * {@code actions} are checked field by field (see docs/AGENT-SERVICE.md).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleRequest(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 4096) String description,
        @NotBlank @Size(max = 50) String ruleType,
        @NotNull JsonNode conditions,
        @NotNull JsonNode actions,
        Integer priority,
        Boolean isActive) {
}
