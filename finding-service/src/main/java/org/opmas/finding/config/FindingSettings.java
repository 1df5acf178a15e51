package org.opmas.finding.config;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.config.RuntimeSettings;

/**
 * The operator-tunable {@code findings.*} keys of opmas_config (changes apply within the settings
 * refresh interval, no restart), with their defaults.
 */
@ApplicationScoped
public class FindingSettings {

    public static final String RETENTION_DAYS = "findings.retention_days";
    public static final String VERIFICATION_SECONDS = "findings.verification_seconds";
    public static final String UPDATE_EVENT_INTERVAL = "findings.update_event_interval";
    public static final String DETECTION_DEDUP_DAYS = "findings.detection_dedup_days";

    private final RuntimeSettings settings;

    public FindingSettings(RuntimeSettings settings) {
        this.settings = settings;
    }

    /** Findings older than this are dropped, a whole monthly partition at a time. */
    public int retentionDays() {
        return Math.max(1, settings.getInt(RETENTION_DAYS, 90));
    }

    /** Default verification window after a successful playbook; 0 = resolve at once. */
    public long verificationSeconds() {
        return Math.max(0, settings.getLong(VERIFICATION_SECONDS, 0));
    }

    /** At most one {@code updated} event per finding per this interval during a storm. */
    public Duration updateEventInterval() {
        return settings.getDuration(UPDATE_EVENT_INTERVAL, Duration.ofSeconds(60));
    }

    /** How long applied detection ids are remembered for deduplication. */
    public int detectionDedupDays() {
        return Math.max(1, settings.getInt(DETECTION_DEDUP_DAYS, 7));
    }

    public RuntimeSettings raw() {
        return settings;
    }
}
