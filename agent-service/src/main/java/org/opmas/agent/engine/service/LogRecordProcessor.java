package org.opmas.agent.engine.service;

import java.util.List;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.validation.EventValidationException;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

/**
 * One {@code opmas.device.logs} record → validated event → device resolved → rule engine. No
 * Kafka client here: the live consumer, the partition replayer and tests share this code.
 */
public final class LogRecordProcessor {

    /** What became of a record. */
    public sealed interface Outcome {
    }

    public record Evaluated(DeviceLogEvent event, List<DetectionEvent> detections) implements Outcome {
    }

    public record Rejected(DeadLetterReason reasonClass, String reason, Throwable failure) implements Outcome {
    }

    private final RuleEngine engine;
    private final DeviceResolver devices;

    public LogRecordProcessor(RuleEngine engine, DeviceResolver devices) {
        this.engine = engine;
        this.devices = devices;
    }

    public RuleEngine engine() {
        return engine;
    }

    /**
     * @param ceType the {@code ce_type} header, null if absent
     * @param emit   false while replaying (state only)
     */
    public Outcome process(String topic, String ceType, byte[] value, int partition, boolean emit) {
        String type = ceType != null ? ceType : CloudEvents.defaultTypeFor(topic).orElse(null);
        if (type == null || !CloudEvents.typesOn(topic).contains(type)) {
            return new Rejected(DeadLetterReason.UNSUPPORTED_TYPE,
                    "ce_type: '" + type + "' is not an event type of " + topic + " (expected " + CloudEvents.typesOn(topic) + ")",
                    null);
        }
        ValidationResult result = EventValidator.shared().validate(type, value == null ? new byte[0] : value);
        if (!result.isValid()) {
            String first = result.errors().isEmpty() ? "" : result.errors().get(0);
            DeadLetterReason reasonClass = first.startsWith("$: invalid JSON") || value == null || value.length == 0
                    ? DeadLetterReason.INVALID_JSON
                    : first.startsWith("ce_type") ? DeadLetterReason.UNSUPPORTED_TYPE : DeadLetterReason.SCHEMA_VIOLATION;
            return new Rejected(reasonClass, result.summary(4000), new EventValidationException(result));
        }
        DeviceLogEvent event = EventJson.fromTree(result.payload(), DeviceLogEvent.class);
        if (event.deviceId() == null) {
            Long id = devices.resolve(event.hostname(), event.sourceIp());
            if (id == null) {
                return new Rejected(DeadLetterReason.UNPROCESSABLE, "unknown device: no device with hostname "
                        + quote(event.hostname()) + " or ip_address " + quote(event.sourceIp())
                        + " on opmas.devices (register it in device-service, then replay this record)", null);
            }
            event = event.withDeviceId(id);
        }
        return new Evaluated(event, engine.evaluate(event, partition, emit));
    }

    private static String quote(String s) {
        return s == null ? "(none)" : "'" + (s.length() > 255 ? s.substring(0, 255) : s) + "'";
    }
}
