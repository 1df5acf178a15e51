package org.opmas.agent.engine.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code agent_rules.conditions} as written by operators. One shape for every rule type; which
 * fields a type accepts is checked by {@link RuleCompiler} (a field of another type is rejected,
 * as is an unknown one, so a typo never silently changes what a rule does).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleConditions(
        // filters, every type
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> program,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> facility,
        Integer maxSeverity,
        String messageRegex,
        String excludeRegex,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> groupBy,
        Integer cooldownSeconds,
        Boolean shadow,
        // threshold
        Integer threshold,
        Integer windowSeconds,
        // aggregate
        String value,
        String function,
        String operator,
        Double bound,
        Integer minSamples,
        // sequence
        StepFilter first,
        Integer firstCount,
        StepFilter then,
        Integer withinSeconds,
        String mode,
        // absence
        Integer silenceSeconds) {
}
