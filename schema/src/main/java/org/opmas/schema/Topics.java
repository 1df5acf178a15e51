package org.opmas.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kafka topic names, their dead-letter topics, and the specs tooling creates topics from
 * (devkit, Kubernetes manifests). See docs/EVENTS.md.
 *
 * <p>Every record on every topic is keyed by the device id as a decimal string (for
 * {@link #DEVICE_LOGS} from external producers that do not know the id: the hostname, else the
 * source IP), so one device's events stay ordered within a partition.
 */
public final class Topics {

    /** Parsed log lines (device-service and external producers) — DeviceLogEvent. */
    public static final String DEVICE_LOGS = "opmas.device.logs";
    /** Device created/changed/deleted; compacted, latest record per device id — DeviceChangedEvent. */
    public static final String DEVICES = "opmas.devices";
    /** Rule matches from agent-service — DetectionEvent. */
    public static final String FINDINGS_DETECTED = "opmas.findings.detected";
    /** Finding lifecycle from finding-service — FindingEvent. */
    public static final String FINDINGS = "opmas.findings";
    /** Rendered playbook steps for action-executor — IntendedActionEvent. */
    public static final String ACTIONS_INTENDED = "opmas.actions.intended";
    /** Outcomes of intended actions — ActionResultEvent. */
    public static final String ACTIONS_RESULTS = "opmas.actions.results";

    /** Suffix of every dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** The six event topics, in flow order (without DLQs). */
    public static final List<String> MAIN = List.of(
            DEVICE_LOGS, DEVICES, FINDINGS_DETECTED, FINDINGS, ACTIONS_INTENDED, ACTIONS_RESULTS);

    /**
     * How a topic is created.
     *
     * @param name       topic name
     * @param partitions default partition count (deployments may raise it, never lower it)
     * @param compacted  {@code cleanup.policy=compact} instead of {@code delete}
     */
    public record TopicSpec(String name, int partitions, boolean compacted) {
        public TopicSpec {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("topic name is blank");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
        }

        /** True for a dead-letter topic. */
        public boolean dlq() {
            return isDlq(name);
        }

        /** {@code cleanup.policy} value for this topic. */
        public String cleanupPolicy() {
            return compacted ? "compact" : "delete";
        }
    }

    /** Every topic followed by its DLQ: 12 specs. DLQs are never compacted (every failure is kept). */
    public static final List<TopicSpec> SPECS;

    private static final Map<String, TopicSpec> BY_NAME;

    static {
        List<TopicSpec> specs = new ArrayList<>();
        for (String topic : MAIN) {
            int partitions = DEVICE_LOGS.equals(topic) ? 6 : 3;
            specs.add(new TopicSpec(topic, partitions, DEVICES.equals(topic)));
            specs.add(new TopicSpec(dlq(topic), partitions, false));
        }
        SPECS = Collections.unmodifiableList(specs);
        BY_NAME = SPECS.stream().collect(Collectors.toUnmodifiableMap(TopicSpec::name, Function.identity()));
    }

    /**
     * Headers on a dead-letter record. The record keeps the original key, value bytes and headers
     * (including the ce_* headers) and adds these. The names are the ones SmallRye Reactive
     * Messaging's {@code dead-letter-queue} failure strategy writes, so a service can use that
     * strategy or write the record itself with the same result.
     */
    public static final class DlqHeaders {
        /** Why the record was rejected, e.g. {@code schema: $.severity: must be one of [...]}. Required. */
        public static final String REASON = "dead-letter-reason";
        /** Message of the underlying cause, if any. */
        public static final String CAUSE = "dead-letter-cause";
        /** Topic the record was read from. Required. */
        public static final String TOPIC = "dead-letter-topic";
        /** Partition it was read from (decimal). Required. */
        public static final String PARTITION = "dead-letter-partition";
        /** Offset it was read from (decimal). Required. */
        public static final String OFFSET = "dead-letter-offset";
        /** Class name of the exception that rejected the record. */
        public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
        /** Class name of the cause. */
        public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
        /** Coarse reason for dashboards and replay tooling, e.g. {@code schema-violation}. */
        public static final String REASON_CLASS = "dead-letter-reason-class";
        /** The service that rejected the record, e.g. {@code finding-service}. */
        public static final String SERVICE = "dead-letter-service";
        /** When it was rejected (ISO-8601 UTC). */
        public static final String AT = "dead-letter-at";

        /** Cap on the reason header (UTF-8 chars); see ValidationResult#summary(int). */
        public static final int MAX_REASON_LENGTH = 4000;

        private DlqHeaders() {
        }
    }

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}: {@code topic + ".dlq"}. */
    public static String dlq(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is blank");
        }
        if (isDlq(topic)) {
            throw new IllegalArgumentException("a dead-letter topic has no dead-letter topic: " + topic);
        }
        return topic + DLQ_SUFFIX;
    }

    /** True if {@code topic} is a dead-letter topic. */
    public static boolean isDlq(String topic) {
        return topic != null && topic.endsWith(DLQ_SUFFIX);
    }

    /** The spec of a topic or DLQ known to OPMAS. */
    public static Optional<TopicSpec> spec(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
