package org.opmas.device.inventory.rest;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opmas.device.inventory.DeviceStatuses;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A device as created (POST) or replaced (PUT). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeviceRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = Hostnames.PATTERN, message = Hostnames.MESSAGE)
        @Schema(examples = "ap-lobby-01") String hostname,
        @NotBlank @IpAddress @Schema(examples = "192.0.2.41") String ipAddress,
        @Size(max = 255) String model,
        @Size(max = 50) String firmwareVersion,
        @Pattern(regexp = DeviceStatuses.PATTERN, message = DeviceStatuses.MESSAGE)
        @Schema(description = "default active", enumeration = {"active", "inactive", "maintenance", "unreachable",
                "decommissioned"}) String status,
        @Schema(description = "connection settings: ssh_port, ssh_user, host_key, trust_on_first_use, timezone, tenant")
        Map<String, Object> config,
        @Pattern(regexp = "^[a-z0-9][a-z0-9._-]{0,62}$", message = "must be 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
        @Schema(description = "owning tenant; default: the caller's tenant ('default' for an all-tenants caller)."
                + " Only an all-tenants caller may name another tenant or move a device", examples = "acme")
        String tenantId) {
}
