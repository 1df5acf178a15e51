package org.opmas.agent.engine;

import java.time.Instant;
import java.util.UUID;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;

/** Real-looking OpenWrt log events for tests. */
public final class Logs {

    private Logs() {
    }

    public static DeviceLogEvent line(long deviceId, Instant at, String program, String message) {
        return line(deviceId, at, program, 6, message);
    }

    public static DeviceLogEvent line(long deviceId, Instant at, String program, int severity, String message) {
        return new DeviceLogEvent(UUID.randomUUID(), deviceId, "ap-" + deviceId, "192.0.2." + (deviceId % 250 + 1), at, at,
                program.equals("kernel") ? 0 : 3, severity, program, program.equals("kernel") ? null : 1234, null,
                message, "<30>" + message, LogFormat.values()[0], null, null);
    }
}
