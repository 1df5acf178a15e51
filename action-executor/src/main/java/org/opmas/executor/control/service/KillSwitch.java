package org.opmas.executor.control.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.config.RuntimeSettings;

import com.fasterxml.jackson.databind.node.BooleanNode;

import io.smallrye.mutiny.Uni;

/**
 * The global kill switch: {@code executor.enabled} in opmas_config (default true), read from
 * {@link RuntimeSettings}' snapshot, so a change by an operator, by SQL or by another replica applies
 * here within the settings refresh interval (2 s); a change through this replica applies at once.
 */
@ApplicationScoped
public class KillSwitch {

    public static final String KEY = "executor.enabled";

    private final RuntimeSettings settings;

    public KillSwitch(RuntimeSettings settings) {
        this.settings = settings;
    }

    public boolean isEnabled() {
        return settings.getBoolean(KEY, true);
    }

    public Uni<Void> pause() {
        return settings.put(KEY, BooleanNode.FALSE, "Kill switch: false stops the action-executor from contacting routers");
    }

    public Uni<Void> resume() {
        return settings.put(KEY, BooleanNode.TRUE, "Kill switch: false stops the action-executor from contacting routers");
    }
}
