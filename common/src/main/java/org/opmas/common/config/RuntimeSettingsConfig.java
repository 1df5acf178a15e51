package org.opmas.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which {@code opmas_config} rows this service caches, and how fresh it keeps them. */
@ConfigMapping(prefix = "opmas.settings")
public interface RuntimeSettingsConfig {

    /** Read {@code opmas_config} at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Key prefixes to load, e.g. {@code executor.,global.}; unset loads every row the service's
     * database role may see.
     */
    Optional<List<String>> prefixes();

    /**
     * How often the cache is reloaded, i.e. the longest a change takes to apply. Read by the
     * scheduler as {@code ${opmas.settings.refresh-interval}}, which ticks once a second at most.
     */
    @WithDefault("2s")
    Duration refreshInterval();
}
