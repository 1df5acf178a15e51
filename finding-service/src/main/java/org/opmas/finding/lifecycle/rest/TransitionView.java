package org.opmas.finding.lifecycle.rest;

import java.time.Instant;

import org.opmas.finding.lifecycle.FindingTransition;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TransitionView(long id, String fromStatus, String toStatus, String transition, String actor,
        String reason, Instant createdAt) {

    static TransitionView of(FindingTransition t) {
        return new TransitionView(t.id, t.fromStatus, t.toStatus, t.transition, t.actor, t.reason, t.createdAt);
    }
}
