package org.opmas.common.settings.repository;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/** One {@code opmas_config} row as stored: a secret's value is still sealed here. */
public record SettingRow(String key, JsonNode storedValue, String description, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
