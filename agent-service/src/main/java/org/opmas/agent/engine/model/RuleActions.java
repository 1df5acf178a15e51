package org.opmas.agent.engine.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code agent_rules.actions}: the finding template. {@code description} may use
 * {@code {placeholders}} of captured values (named regex groups, event fields, rule facts).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleActions(String findingType, String severity, String description) {
}
