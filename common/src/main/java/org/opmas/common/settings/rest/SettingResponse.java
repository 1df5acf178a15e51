package org.opmas.common.settings.rest;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opmas.common.settings.repository.SettingRow;
import org.opmas.common.settings.service.SettingsService;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A setting as the API shows it: a secret's value is always the mask, sealed or not. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SettingResponse(
        String key,
        @Schema(description = "The JSON value; \"********\" for a secret") JsonNode value,
        @Schema(description = "The key names a secret (password, token, secret, api_key, private_key)") boolean secret,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Secrets only: false when the stored value is plaintext written by hand (PUT it again to seal it)")
        Boolean sealed,
        String description,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static SettingResponse of(SettingRow row) {
        return new SettingResponse(row.key(), SettingsService.shownValue(row), SettingsService.sealed(row).isPresent(),
                SettingsService.sealed(row).orElse(null), row.description(), row.createdAt(), row.updatedAt());
    }
}
