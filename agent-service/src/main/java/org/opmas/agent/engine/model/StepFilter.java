package org.opmas.agent.engine.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The event filter of one step of a {@code sequence} rule ({@code conditions.first} / {@code conditions.then}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StepFilter(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> program,
        String messageRegex,
        String excludeRegex) {
}
