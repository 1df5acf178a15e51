package org.opmas.devkit.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.devkit.security.DevTokens;

/**
 * The one test resource of every service: a real PostgreSQL (migrated, with the service roles)
 * and a real Kafka broker, started once per test JVM and shared by every test class. The services
 * verify bearer tokens with this JVM's key ({@link DevTokens#forTests()} mints them).
 * Use with {@code @WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)}.
 */
public class OpmasTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        OpmasInfrastructure.Coordinates infra = OpmasInfrastructure.shared();
        DevTokens tokens = DevTokens.forTests();
        return Map.of(
                "quarkus.datasource.reactive.url", infra.reactiveUrl(),
                "kafka.bootstrap.servers", infra.kafkaBootstrap(),
                "opmas.test.jdbc-url", infra.jdbcUrl(),
                "opmas.test.admin-user", infra.adminUser(),
                "opmas.test.admin-password", infra.adminPassword(),
                "mp.jwt.verify.publickey.location", DevTokens.testPublicKeyFile().toString(),
                "mp.jwt.verify.issuer", tokens.issuer());
    }

    @Override
    public void stop() {
        // Shared across test classes; stopped by a shutdown hook when the test JVM exits.
    }
}
