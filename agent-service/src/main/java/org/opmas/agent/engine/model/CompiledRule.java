package org.opmas.agent.engine.model;

import java.util.List;
import java.util.Set;
import org.opmas.schema.events.Severity;

/**
 * A validated, compiled rule ready for evaluation. Built only by {@link RuleCompiler}.
 *
 * @param version changes whenever the rule's or its agent's definition changes; the engine keeps
 *                a rule's window state across reloads only while the version is unchanged
 */
public record CompiledRule(
        long ruleId,
        String ruleName,
        long agentId,
        String agentName,
        int priority,
        RuleType type,
        String version,
        EventFilter filter,
        List<String> groupBy,
        long cooldownMillis,
        boolean shadow,
        int threshold,
        long windowMillis,
        String valueName,
        AggregateFunction function,
        Comparison operator,
        double bound,
        int minSamples,
        EventFilter first,
        int firstCount,
        EventFilter then,
        boolean thenMissing,
        String findingType,
        Severity severity,
        String description) {

    public enum AggregateFunction {
        AVG, MIN, MAX, SUM
    }

    public enum Comparison {
        LT("<"), LTE("<="), GT(">"), GTE(">=");

        public final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public boolean test(double value, double bound) {
            return switch (this) {
                case LT -> value < bound;
                case LTE -> value <= bound;
                case GT -> value > bound;
                case GTE -> value >= bound;
            };
        }
    }

    /**
     * The programs an event must have for this rule to be able to match; null means any. Used to
     * index rules so an event is only offered to rules that can care about it.
     */
    public Set<String> indexPrograms() {
        if (filter.programs() != null) {
            return filter.programs();
        }
        if (type == RuleType.SEQUENCE && first.programs() != null && then.programs() != null) {
            java.util.Set<String> union = new java.util.HashSet<>(first.programs());
            union.addAll(then.programs());
            return union;
        }
        return null;
    }

    /** How far back state of this rule reaches: what a restart must replay. */
    public long lookbackMillis() {
        return switch (type) {
            case MATCH -> cooldownMillis;
            case THRESHOLD, AGGREGATE, SEQUENCE -> windowMillis + cooldownMillis;
            case ABSENCE -> windowMillis;
        };
    }
}
