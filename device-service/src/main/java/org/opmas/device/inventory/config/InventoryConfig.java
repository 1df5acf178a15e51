package org.opmas.device.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inventory feature. */
@ConfigMapping(prefix = "opmas.inventory")
public interface InventoryConfig {

    /**
     * How often the remembered last-seen instants are written to devices.last_seen_at. The
     * scheduler reads the same property ({@code opmas.inventory.last-seen-flush-interval}).
     */
    @WithDefault("5s")
    Duration lastSeenFlushInterval();

    /**
     * How often the in-memory device directory is reloaded from the database, to heal any change
     * it missed (e.g. one made by another replica while this one was starting).
     */
    @WithDefault("5m")
    Duration directoryRefreshInterval();
}
