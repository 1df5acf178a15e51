package org.opmas.agent.engine.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A rule as stored (agent_rules row + its agent), before compilation. */
public record RuleSpec(long ruleId, String ruleName, long agentId, String agentName, int priority, String ruleType,
        JsonNode conditions, JsonNode actions, String version) {
}
