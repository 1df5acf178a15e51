package org.opmas.agent.engine.messaging;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.config.EngineConfig;

/** Drives the engine's timers (absence, A-without-B) and the expiry sweep. */
@ApplicationScoped
public class EngineTimer {

    private final RuleEngine engine;
    private final DeviceDirectory devices;
    private final DetectionPublisher publisher;
    private final EngineConfig config;
    private final Vertx vertx;
    private volatile long timer = -1;

    public EngineTimer(RuleEngine engine, DeviceDirectory devices, DetectionPublisher publisher, EngineConfig config, Vertx vertx) {
        this.engine = engine;
        this.devices = devices;
        this.publisher = publisher;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.tickInterval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void tick() {
        var fired = engine.tick(devices);
        if (!fired.isEmpty()) {
            publisher.publish(fired).subscribe().with(ok -> { },
                    e -> Log.errorf(e, "Could not publish %d timer detections", fired.size()));
        }
    }
}
