package org.opmas.common.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opmas.common.config.RuntimeSettings;
import org.opmas.devkit.test.OpmasTestResource;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class RuntimeSettingsTest {

    @Inject
    RuntimeSettings settings;

    @ConfigProperty(name = "opmas.test.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "opmas.test.admin-user")
    String adminUser;

    /** Empty for the embedded database, which config reads as absent. */
    @ConfigProperty(name = "opmas.test.admin-password")
    Optional<String> adminPassword;

    @Test
    void putIsVisibleAtOnceAndAnOperatorsChangeWithinARefresh() throws Exception {
        settings.put("ingest.test_enabled", BooleanNode.TRUE, "test flag").await().atMost(Duration.ofSeconds(10));
        assertThat(settings.getBoolean("ingest.test_enabled", false)).isTrue();

        try (Connection admin = java.sql.DriverManager.getConnection(jdbcUrl, adminUser,
                adminPassword.orElse(""));
                PreparedStatement update = admin.prepareStatement(
                        "UPDATE opmas_config SET value = '\"45s\"'::jsonb WHERE key = ?");
                PreparedStatement insert = admin.prepareStatement(
                        "INSERT INTO opmas_config (key, value) VALUES (?, ?::jsonb)"
                                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
            insert.setString(1, "ingest.test_timeout");
            insert.setString(2, "\"10s\"");
            insert.executeUpdate();
            insert.setString(1, "executor.not_mine");
            insert.setString(2, "1");
            insert.executeUpdate();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> settings.getDuration("ingest.test_timeout", Duration.ZERO).equals(Duration.ofSeconds(10)));
            update.setString(1, "ingest.test_timeout");
            update.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> settings.getDuration("ingest.test_timeout", Duration.ZERO).equals(Duration.ofSeconds(45)));
        // Only the configured prefixes are cached.
        assertThat(settings.getJson("executor.not_mine")).isEmpty();
        assertThat(settings.getInt("ingest.test_missing", 7)).isEqualTo(7);
        // A value of the wrong type falls back to the default.
        settings.put("device.test_name", TextNode.valueOf("r1")).await().atMost(Duration.ofSeconds(10));
        assertThat(settings.getInt("device.test_name", 3)).isEqualTo(3);
        assertThat(settings.getString("device.test_name", "x")).isEqualTo("r1");
    }

    @Test
    void theDatabaseRefusesKeysOfOtherServices() {
        assertThatThrownBy(() -> settings.put("executor.enabled", IntNode.valueOf(0)).await()
                .atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("row-level security");
    }
}
