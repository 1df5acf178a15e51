package org.opmas.device.inventory.rest;

import java.time.Instant;
import java.util.Map;

import org.opmas.device.inventory.Device;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A device as the API shows it; last_seen_at is read-only (it follows the device's logs). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeviceResponse(
        int id,
        String tenantId,
        String hostname,
        String ipAddress,
        String model,
        String firmwareVersion,
        String status,
        Map<String, Object> config,
        Instant lastSeenAt,
        Instant createdAt,
        Instant updatedAt) {

    public static DeviceResponse of(Device d) {
        return new DeviceResponse(d.id, d.tenantId, d.hostname, d.ipAddress, d.model, d.firmwareVersion, d.status, d.config,
                d.lastSeenAt, d.createdAt, d.updatedAt);
    }
}
