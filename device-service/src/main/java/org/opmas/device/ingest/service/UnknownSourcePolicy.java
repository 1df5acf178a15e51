package org.opmas.device.ingest.service;

import java.util.Locale;

/** What happens to lines from a source no device matches (by IP, then hostname). */
public enum UnknownSourcePolicy {
    /** Count it in opmas_ingest_dropped_total{reason="unknown_source"} and forget it. */
    DROP,
    /** Register the source as an {@code inactive} device for an operator to confirm, then publish. */
    REGISTER;

    /** opmas_config key that overrides {@code opmas.ingest.unknown-source} at runtime. */
    public static final String SETTING_KEY = "ingest.unknown_source";

    /** The policy for {@code drop}/{@code register} (any case); null for anything else. */
    public static UnknownSourcePolicy fromName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "drop" -> DROP;
            case "register" -> REGISTER;
            default -> null;
        };
    }
}
