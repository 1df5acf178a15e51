package org.opmas.agent.rules.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import org.opmas.agent.rules.AgentRule;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleResponse(int id, int agentId, String name, String description, String ruleType, JsonNode conditions,
        JsonNode actions, int priority, boolean isActive, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static RuleResponse of(AgentRule r) {
        return new RuleResponse(r.id, r.agentId, r.name, r.description, r.ruleType, r.conditions, r.actions,
                r.priority == null ? 0 : r.priority, r.active == null || r.active, r.createdAt, r.updatedAt);
    }
}
