package org.opmas.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who this service is on the event bus. */
@ConfigMapping(prefix = "opmas.events")
public interface EventsConfig {

    /** The ce_source of events this service publishes, e.g. {@code /opmas/device-service}. */
    @WithDefault("/opmas/${quarkus.application.name:unknown-service}")
    String source();

    /** The service name written into dead-letter headers. */
    @WithDefault("${quarkus.application.name:unknown-service}")
    String service();
}
