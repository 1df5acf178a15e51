package org.opmas.agent.engine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the streaming rule engine ({@code opmas.agent.engine.*}). */
@ConfigMapping(prefix = "opmas.agent.engine")
public interface EngineConfig {

    /** Keys (device + group) held per rule; beyond it the least recently updated key is evicted. */
    @WithDefault("100000")
    int maxKeysPerRule();

    /** How often the rule tables' version is checked (changes made through another replica). */
    @WithDefault("1s")
    Duration refreshInterval();

    /** How often timers (absence, A-without-B) run and expired state is swept. */
    @WithDefault("1s")
    Duration tickInterval();

    /** Longest a partition assignment may spend rebuilding windows before consuming goes on. */
    @WithDefault("120s")
    Duration replayTimeout();

    /** Extra replay reach beyond the longest window, for producer/router clock differences. */
    @WithDefault("60s")
    Duration replaySlack();

    /** How long an assignment waits for the first rule load and the device directory. */
    @WithDefault("60s")
    Duration startupWait();
}
