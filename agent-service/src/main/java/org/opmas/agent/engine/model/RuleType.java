package org.opmas.agent.engine.model;

import java.util.Arrays;
import java.util.Optional;

/** Which evaluator a rule uses; the value of {@code agent_rules.rule_type}. */
public enum RuleType {
    MATCH("match"),
    THRESHOLD("threshold"),
    AGGREGATE("aggregate"),
    SEQUENCE("sequence"),
    ABSENCE("absence");

    private final String wire;

    RuleType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<RuleType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
