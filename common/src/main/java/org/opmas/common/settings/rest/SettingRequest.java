package org.opmas.common.settings.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code PUT /api/v1/settings/{key}}. */
public record SettingRequest(
        @Schema(description = "Any JSON value but null; for a secret key it is sealed before it is stored")
        JsonNode value,
        @Schema(description = "What the setting does; omitted keeps the current description") String description) {
}
