package org.opmas.executor.control.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.config.RuntimeSettings;

import com.fasterxml.jackson.databind.node.BooleanNode;

import io.smallrye.mutiny.Uni;

/**
 * The global kill switch: {@code executor.enabled} in opmas_config (default true), read from
 * {@link RuntimeSettings}' snapshot, so a change by an operator, by SQL or by another replica applies
 * here within the settings refresh interval (2 s); a change through this replica applies at once.
 * Until the snapshot has been loaded once after start, the switch counts as off.
 */
@ApplicationScoped
public class KillSwitch {

    public static final String KEY = "executor.enabled";
    static final String DESCRIPTION = "Kill switch: false stops the action-executor from contacting routers";

    private final RuntimeSettings settings;

    public KillSwitch(RuntimeSettings settings) {
        this.settings = settings;
    }

    /**
     * Off until the stored switch has been read once: a restarted executor must not contact routers
     * in the moments before its settings load, when an operator may have paused it.
     */
    public boolean isEnabled() {
        return settings.isLoaded() && settings.getBoolean(KEY, true);
    }

    /** Whether the stored switch has been read since start; until then the executor counts as paused. */
    public boolean isRead() {
        return settings.isLoaded();
    }

    /** Turns the executor off; {@code by} (the token's subject) is kept in the setting's description. */
    public Uni<Void> pause(String by) {
        return settings.put(KEY, BooleanNode.FALSE, description(false, by));
    }

    /** Turns the executor back on; {@code by} (the token's subject) is kept in the setting's description. */
    public Uni<Void> resume(String by) {
        return settings.put(KEY, BooleanNode.TRUE, description(true, by));
    }

    static String description(boolean enabled, String by) {
        return DESCRIPTION + "; set to " + enabled + " by " + by + " at " + Instant.now();
    }
}
