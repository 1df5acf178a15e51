package org.opmas.agent.agents.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import org.opmas.agent.agents.Agent;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentResponse(int id, String name, String type, String description, boolean isActive, JsonNode config,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static AgentResponse of(Agent a) {
        return new AgentResponse(a.id, a.name, a.type, a.description, a.isActive(), a.config, a.createdAt, a.updatedAt);
    }
}
