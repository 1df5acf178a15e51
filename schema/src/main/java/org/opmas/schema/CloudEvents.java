package org.opmas.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceChangedEvent;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.IntendedActionEvent;

/**
 * CloudEvents 1.0 in Kafka binary mode: the attributes travel as record headers, the record
 * value is the JSON event (data). See docs/EVENTS.md.
 *
 * <p>Every OPMAS producer sets {@link #ID} (= the payload's {@code id}), {@link #TYPE},
 * {@link #SOURCE}, {@link #TIME} (RFC 3339 UTC), {@link #SPEC_VERSION_HEADER} and
 * {@link #CONTENT_TYPE}. Header values are UTF-8 strings.
 */
public final class CloudEvents {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION_HEADER = "ce_specversion";
    /** Optional: the device id (decimal), same as the key. */
    public static final String SUBJECT = "ce_subject";
    /** Kafka binary mode maps datacontenttype to the {@code content-type} header. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE_JSON = "application/json";

    // ---- event types ------------------------------------------------------------------------
    public static final String DEVICE_LOG_V1 = "org.opmas.device.log.v1";
    public static final String DEVICE_UPSERTED_V1 = "org.opmas.device.upserted.v1";
    public static final String DEVICE_DELETED_V1 = "org.opmas.device.deleted.v1";
    public static final String FINDING_DETECTED_V1 = "org.opmas.finding.detected.v1";
    public static final String FINDING_CREATED_V1 = "org.opmas.finding.created.v1";
    public static final String FINDING_UPDATED_V1 = "org.opmas.finding.updated.v1";
    public static final String FINDING_RESOLVED_V1 = "org.opmas.finding.resolved.v1";
    public static final String FINDING_STATUS_CHANGED_V1 = "org.opmas.finding.status_changed.v1";
    public static final String ACTION_INTENDED_V1 = "org.opmas.action.intended.v1";
    public static final String ACTION_RESULT_V1 = "org.opmas.action.result.v1";

    // ---- ce_source values (URI-references) ---------------------------------------------------
    public static final String SOURCE_DEVICE_SERVICE = "/opmas/device-service";
    public static final String SOURCE_AGENT_SERVICE = "/opmas/agent-service";
    public static final String SOURCE_FINDING_SERVICE = "/opmas/finding-service";
    public static final String SOURCE_PLAYBOOK_SERVICE = "/opmas/playbook-service";
    public static final String SOURCE_ACTION_EXECUTOR = "/opmas/action-executor";

    // ---- schema resources --------------------------------------------------------------------
    /** Classpath folder of the schemas (no leading slash). */
    public static final String SCHEMA_DIR = "schemas/";
    public static final String SCHEMA_DEVICE_LOG = SCHEMA_DIR + "device-log.v1.schema.json";
    public static final String SCHEMA_DEVICE_CHANGED = SCHEMA_DIR + "device-changed.v1.schema.json";
    public static final String SCHEMA_DETECTION = SCHEMA_DIR + "detection.v1.schema.json";
    public static final String SCHEMA_FINDING = SCHEMA_DIR + "finding.v1.schema.json";
    public static final String SCHEMA_INTENDED_ACTION = SCHEMA_DIR + "intended-action.v1.schema.json";
    public static final String SCHEMA_ACTION_RESULT = SCHEMA_DIR + "action-result.v1.schema.json";

    /**
     * One event type.
     *
     * @param type          the ce_type value
     * @param topic         the topic it is published to
     * @param schema        classpath resource of its JSON Schema
     * @param javaType      the record it maps to
     * @param discriminator the payload's {@code type} value this ce_type requires, or null when the
     *                      payload has no {@code type} field
     */
    public record EventType(String type, String topic, String schema, Class<?> javaType, String discriminator) {
    }

    private static final Map<String, EventType> TYPES;

    static {
        Map<String, EventType> m = new LinkedHashMap<>();
        put(m, DEVICE_LOG_V1, Topics.DEVICE_LOGS, SCHEMA_DEVICE_LOG, DeviceLogEvent.class, null);
        put(m, DEVICE_UPSERTED_V1, Topics.DEVICES, SCHEMA_DEVICE_CHANGED, DeviceChangedEvent.class, "upserted");
        put(m, DEVICE_DELETED_V1, Topics.DEVICES, SCHEMA_DEVICE_CHANGED, DeviceChangedEvent.class, "deleted");
        put(m, FINDING_DETECTED_V1, Topics.FINDINGS_DETECTED, SCHEMA_DETECTION, DetectionEvent.class, null);
        put(m, FINDING_CREATED_V1, Topics.FINDINGS, SCHEMA_FINDING, FindingEvent.class, "created");
        put(m, FINDING_UPDATED_V1, Topics.FINDINGS, SCHEMA_FINDING, FindingEvent.class, "updated");
        put(m, FINDING_RESOLVED_V1, Topics.FINDINGS, SCHEMA_FINDING, FindingEvent.class, "resolved");
        put(m, FINDING_STATUS_CHANGED_V1, Topics.FINDINGS, SCHEMA_FINDING, FindingEvent.class, "status_changed");
        put(m, ACTION_INTENDED_V1, Topics.ACTIONS_INTENDED, SCHEMA_INTENDED_ACTION, IntendedActionEvent.class, null);
        put(m, ACTION_RESULT_V1, Topics.ACTIONS_RESULTS, SCHEMA_ACTION_RESULT, ActionResultEvent.class, null);
        TYPES = java.util.Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, EventType> m, String type, String topic, String schema, Class<?> javaType,
            String discriminator) {
        m.put(type, new EventType(type, topic, schema, javaType, discriminator));
    }

    private CloudEvents() {
    }

    /** All event types, in flow order. */
    public static Map<String, EventType> types() {
        return TYPES;
    }

    public static Optional<EventType> type(String ceType) {
        return ceType == null ? Optional.empty() : Optional.ofNullable(TYPES.get(ceType));
    }

    /** Classpath resource of the schema for {@code ceType}. */
    public static Optional<String> schemaFor(String ceType) {
        return type(ceType).map(EventType::schema);
    }

    /** The event types published to {@code topic}. */
    public static List<String> typesOn(String topic) {
        return TYPES.values().stream().filter(t -> t.topic().equals(topic)).map(EventType::type).toList();
    }

    /**
     * The ce_type a consumer assumes when a record on {@code topic} has no ce_type header. Only
     * {@link Topics#DEVICE_LOGS} has one ({@link #DEVICE_LOG_V1}), because external producers
     * (Vector, Fluent Bit) may not be able to set headers; on every other topic a missing ce_type
     * is an error (DLQ).
     */
    public static Optional<String> defaultTypeFor(String topic) {
        return Topics.DEVICE_LOGS.equals(topic) ? Optional.of(DEVICE_LOG_V1) : Optional.empty();
    }
}
