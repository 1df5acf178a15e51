package org.opmas.finding.finding;

import java.util.List;

import org.opmas.schema.events.Severity;

/** Status and severity values of findings and what follows from them. */
public final class FindingStates {

    public static final String NEW = "new";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";
    public static final String FALSE_POSITIVE = "false_positive";

    public static final List<String> STATUSES = List.of(NEW, ACKNOWLEDGED, RESOLVED, FALSE_POSITIVE);
    /** Lowest first. */
    public static final List<String> SEVERITIES = List.of("info", "warning", "error", "critical");

    private FindingStates() {
    }

    /** Open findings absorb repeat detections of their fingerprint (storm collapse). */
    public static boolean isOpen(String status) {
        return NEW.equals(status) || ACKNOWLEDGED.equals(status);
    }

    public static int rank(String severity) {
        return SEVERITIES.indexOf(severity);
    }

    public static String max(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    /** One step up, critical stays critical. */
    public static String escalate(String severity) {
        int rank = rank(severity);
        return SEVERITIES.get(Math.min(SEVERITIES.size() - 1, Math.max(0, rank) + 1));
    }

    /** Severities at or above {@code min}. */
    public static List<String> atLeast(String min) {
        return SEVERITIES.subList(rank(min), SEVERITIES.size());
    }

    public static Severity toSeverity(String wire) {
        return Severity.fromWire(wire);
    }
}
