package org.opmas.schema.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.opmas.schema.CloudEvents;

/**
 * One log line from a router — topic {@code opmas.device.logs}, ce_type {@code org.opmas.device.log.v1},
 * schema {@code schemas/device-log.v1.schema.json}.
 *
 * @param id             event id (= ce_id); detections cite it as evidence
 * @param deviceId       devices.id, null when the producer only knows hostname / source IP
 * @param hostname       hostname from the line or the collector, nullable
 * @param sourceIp       IPv4/IPv6 address the line came from, nullable
 * @param receivedAt     when the collector received the line
 * @param timestamp      when the router logged it, UTC ({@code receivedAt} if the line has no usable time)
 * @param facility       syslog facility 0–23, nullable
 * @param severity       syslog severity 0–7, nullable
 * @param program        tag / APP-NAME, nullable
 * @param pid            process id, nullable
 * @param msgId          RFC 5424 MSGID, nullable
 * @param message        the message part (whole line when unparsed), ≤ 65536 chars
 * @param raw            the line as received, ≤ 65536 chars
 * @param format         how it was parsed
 * @param parseError     why it could not be parsed; null when parsed
 * @param structuredData RFC 5424 SD (SD-ID → param → value), nullable
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeviceLogEvent(
        UUID id,
        Long deviceId,
        String hostname,
        String sourceIp,
        Instant receivedAt,
        Instant timestamp,
        Integer facility,
        Integer severity,
        String program,
        Integer pid,
        String msgId,
        String message,
        String raw,
        LogFormat format,
        String parseError,
        Map<String, Map<String, String>> structuredData) implements OpmasEvent {

    /** Cap on message and raw, in chars (64 KiB). Producers truncate longer lines. */
    public static final int MAX_LINE_CHARS = 65536;

    @Override
    public String eventType() {
        return CloudEvents.DEVICE_LOG_V1;
    }

    @Override
    public Instant eventTime() {
        return timestamp;
    }

    /** Device id as decimal; else hostname; else source IP (external producers may not know the id). */
    @Override
    public String kafkaKey() {
        if (deviceId != null) {
            return Long.toString(deviceId);
        }
        return hostname != null ? hostname : sourceIp;
    }

    /** A copy attributed to a known device (device-service / agent-service resolve hostname or IP). */
    public DeviceLogEvent withDeviceId(Long newDeviceId) {
        return new DeviceLogEvent(id, newDeviceId, hostname, sourceIp, receivedAt, timestamp, facility, severity,
                program, pid, msgId, message, raw, format, parseError, structuredData);
    }
}
