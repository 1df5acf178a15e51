package org.opmas.agent.agents.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Create or replace an agent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]*", message = "must be letters, digits, '_', '.', '-'") String name,
        @NotBlank @Size(max = 50) String type,
        @Size(max = 4096) String description,
        Boolean isActive,
        JsonNode config) {
}
