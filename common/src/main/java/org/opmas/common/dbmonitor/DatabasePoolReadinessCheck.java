package org.opmas.common.dbmonitor;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN when the service cannot get a working database connection from its own pool in
 * time — the database is unreachable, or every pooled connection is busy (exhausted pool). A
 * service in that state should get no traffic until it recovers.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "opmas.db-monitor.enabled", stringValue = "true")
public class DatabasePoolReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "OPMAS database pool";

    private final Pool pool;
    private final DatabaseMonitorConfig config;

    public DatabasePoolReadinessCheck(Pool pool, DatabaseMonitorConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        long started = System.nanoTime();
        return pool.withConnection(connection -> connection.query("SELECT 1").execute())
                .ifNoItem().after(config.acquireTimeout()).fail()
                .map(ignored -> HealthCheckResponse.named(NAME).up()
                        .withData("acquire_ms", (System.nanoTime() - started) / 1_000_000).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", "no working database connection within " + config.acquireTimeout().toMillis()
                                + " ms: database unreachable or connection pool exhausted")
                        .withData("error", String.valueOf(failure.getMessage()))
                        .build());
    }
}
