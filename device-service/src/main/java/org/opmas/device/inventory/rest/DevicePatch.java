package org.opmas.device.inventory.rest;

import java.util.Map;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.opmas.device.inventory.DeviceStatuses;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A partial update (PATCH): fields left out (or null) keep their value. {@code config} replaces
 * the whole config object when present; to clear a nullable field use PUT.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DevicePatch(
        @Size(min = 1, max = 255) @Pattern(regexp = Hostnames.PATTERN, message = Hostnames.MESSAGE) String hostname,
        @IpAddress String ipAddress,
        @Size(max = 255) String model,
        @Size(max = 50) String firmwareVersion,
        @Pattern(regexp = DeviceStatuses.PATTERN, message = DeviceStatuses.MESSAGE) String status,
        Map<String, Object> config,
        @Pattern(regexp = "^[a-z0-9][a-z0-9._-]{0,62}$", message = "must be 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
        @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "moves the device (and its keys, "
                + "findings and actions) to another tenant; all-tenants callers only") String tenantId) {
}
