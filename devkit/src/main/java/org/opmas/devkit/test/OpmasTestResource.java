package org.opmas.devkit.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.opmas.devkit.OpmasInfrastructure;

/**
 * The one test resource of every service: a real PostgreSQL (migrated, with the service roles)
 * and a real Kafka broker, started once per test JVM and shared by every test class.
 * Use with {@code @WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)}.
 */
public class OpmasTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        OpmasInfrastructure.Coordinates infra = OpmasInfrastructure.shared();
        return Map.of(
                "quarkus.datasource.reactive.url", infra.reactiveUrl(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "opmas.test.jdbc-url", infra.jdbcUrl(),
                "opmas.test.admin-user", infra.adminUser(),
                "opmas.test.admin-password", infra.adminPassword());
    }

    @Override
    public void stop() {
        // Shared across test classes; stopped by a shutdown hook when the test JVM exits.
    }
}
