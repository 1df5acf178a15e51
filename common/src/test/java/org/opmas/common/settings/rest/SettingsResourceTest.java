package org.opmas.common.settings.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.opmas.common.config.RuntimeSettings;
import org.opmas.common.security.Roles;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The settings API as every service has it, here in common's stand-in service (database role
 * opmas_device, settings prefixes {@code ingest.} and {@code device.}).
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SettingsResourceTest {

    static final String SETTINGS = "/api/v1/settings";
    static final DevTokens TOKENS = DevTokens.forTests();
    static final String ADMIN = DevTokens.bearer(TOKENS.mint("kim@noc", Set.of(Roles.ADMIN), Duration.ofMinutes(10)));
    static final String VIEWER = DevTokens.bearer(TOKENS.mint("val@noc", Set.of(Roles.VIEWER), Duration.ofMinutes(10)));

    @Inject
    RuntimeSettings runtimeSettings;

    @Test
    void aSecretIsSealedAtRestMaskedByTheApiAndPlainForTheService() throws Exception {
        String key = unique("device.t4", "smtp_password");
        String secret = "hunter2-" + UUID.randomUUID();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("value", secret, "description", "relay login"))
                .put(SETTINGS + "/" + key)
                .then().statusCode(200)
                .body("key", is(key)).body("value", is("********")).body("secret", is(true))
                .body("sealed", is(true)).body("description", is("relay login"));

        String one = given().header("Authorization", VIEWER).get(SETTINGS + "/" + key)
                .then().statusCode(200).body("value", is("********")).body("secret", is(true))
                .extract().asString();
        String all = given().header("Authorization", VIEWER).get(SETTINGS)
                .then().statusCode(200).body("key", hasItem(key)).extract().asString();
        assertThat(one + all).doesNotContain(secret).doesNotContain("aesgcm1");

        String stored = storedValue(key);
        assertThat(stored).startsWith("\"aesgcm1:k1:").doesNotContain(secret);

        assertThat(runtimeSettings.getString(key, null)).isEqualTo(secret);
        // From the database, not only from the write: the next load opens the sealed row.
        runtimeSettings.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(runtimeSettings.getString(key, null)).isEqualTo(secret);
    }

    @Test
    void aPlainSettingRoundTripsInClear() throws Exception {
        String key = unique("ingest.t4", "batch_limits");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"value\": {\"max_lines\": 500, \"burst\": true}}")
                .put(SETTINGS + "/" + key)
                .then().statusCode(200)
                .body("value.max_lines", is(500)).body("secret", is(false)).body("sealed", nullValue());
        given().header("Authorization", VIEWER).get(SETTINGS + "/" + key)
                .then().statusCode(200).body("value.max_lines", is(500)).body("value.burst", is(true));
        assertThat(storedValue(key)).isEqualTo("{\"burst\": true, \"max_lines\": 500}");
        assertThat(runtimeSettings.getJson(key)).map(v -> v.get("max_lines").intValue()).contains(500);

        // A later PUT without a description keeps the one stored.
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": 7, \"description\": \"d\"}")
                .put(SETTINGS + "/" + key).then().statusCode(200);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": 8}")
                .put(SETTINGS + "/" + key).then().statusCode(200).body("value", is(8)).body("description", is("d"));
    }

    @Test
    void deleteRemovesTheSettingForTheServiceAtOnce() {
        String key = unique("device.t4", "webhook_token");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": \"t-1\"}")
                .put(SETTINGS + "/" + key).then().statusCode(200);
        assertThat(runtimeSettings.getString(key, null)).isEqualTo("t-1");

        given().header("Authorization", ADMIN).delete(SETTINGS + "/" + key).then().statusCode(204);
        assertThat(runtimeSettings.getJson(key)).isEmpty();
        given().header("Authorization", VIEWER).get(SETTINGS + "/" + key).then().statusCode(404);
        given().header("Authorization", ADMIN).delete(SETTINGS + "/" + key).then().statusCode(404);
    }

    @Test
    void keysOfAnotherServiceAndMalformedKeysAreRefusedNamingTheKey() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": false}")
                .put(SETTINGS + "/executor.enabled")
                .then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", is("key"));
        given().header("Authorization", ADMIN).delete(SETTINGS + "/executor.enabled")
                .then().statusCode(403).body("errors[0].field", is("key"));
        given().header("Authorization", VIEWER).get(SETTINGS + "/executor.enabled").then().statusCode(404);

        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": 1}")
                .put(SETTINGS + "/Device..X")
                .then().statusCode(400).body("errors[0].field", is("key"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"description\": \"no value\"}")
                .put(SETTINGS + "/" + unique("device.t4", "flag"))
                .then().statusCode(400).body("errors[0].field", is("value"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": null}")
                .put(SETTINGS + "/" + unique("device.t4", "flag"))
                .then().statusCode(400).body("errors[0].field", is("value"));
    }

    @Test
    void onlyAnAdminForAllTenantsMayChangeSettings() {
        String key = unique("device.t4", "api_key");
        String tenantAdmin = DevTokens.bearer(TOKENS.mintForTenant("ann@a", Set.of(Roles.ADMIN), "a", Duration.ofMinutes(10)));
        given().header("Authorization", tenantAdmin).contentType(ContentType.JSON).body("{\"value\": \"k\"}")
                .put(SETTINGS + "/" + key).then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", tenantAdmin).delete(SETTINGS + "/" + key).then().statusCode(403);
        given().header("Authorization", VIEWER).contentType(ContentType.JSON).body("{\"value\": \"k\"}")
                .put(SETTINGS + "/" + key).then().statusCode(403);
        given().header("Authorization", tenantAdmin).get(SETTINGS).then().statusCode(200);
        given().header("Authorization", VIEWER).get(SETTINGS + "/" + key).then().statusCode(404);
    }

    @Test
    void aHandWrittenPlaintextSecretStillWorksAndAMovedSealedValueIsAbsent() throws Exception {
        String plainKey = unique("device.t4", "relay_password");
        String movedKey = unique("device.t4", "other_password");
        String sealedKey = unique("device.t4", "source_password");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": \"s3cr3t-source\"}")
                .put(SETTINGS + "/" + sealedKey).then().statusCode(200);
        writeAsAdmin(plainKey, "\"typed-by-hand\"");
        // A sealed value copied under another key: its associated data names the first key, so it must not open.
        writeAsAdmin(movedKey, storedValue(sealedKey));
        runtimeSettings.refresh().await().atMost(Duration.ofSeconds(10));

        assertThat(runtimeSettings.getString(plainKey, null)).isEqualTo("typed-by-hand");
        assertThat(runtimeSettings.getJson(movedKey)).isEmpty();
        assertThat(runtimeSettings.getString(sealedKey, null)).isEqualTo("s3cr3t-source");
        given().header("Authorization", VIEWER).get(SETTINGS + "/" + plainKey)
                .then().statusCode(200).body("value", is("********")).body("sealed", is(false));
        given().header("Authorization", VIEWER).get(SETTINGS + "/" + movedKey)
                .then().statusCode(200).body("value", is("********")).body("sealed", is(true));

        // Writing it again through the API seals it.
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"value\": \"typed-by-hand\"}")
                .put(SETTINGS + "/" + plainKey).then().statusCode(200).body("sealed", is(true));
        assertThat(storedValue(plainKey)).startsWith("\"aesgcm1:k1:");
        runtimeSettings.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(runtimeSettings.getString(plainKey, null)).isEqualTo("typed-by-hand");
    }

    private static String unique(String prefix, String last) {
        return prefix + UUID.randomUUID().toString().substring(0, 8) + "." + last;
    }

    private static Connection admin() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("opmas.test.jdbc-url", String.class),
                config.getValue("opmas.test.admin-user", String.class),
                config.getOptionalValue("opmas.test.admin-password", String.class).orElse(""));
    }

    /** opmas_config.value as the database holds it, read as the migration owner (no row-level security). */
    private static String storedValue(String key) throws Exception {
        try (Connection admin = admin();
                PreparedStatement select = admin.prepareStatement("SELECT value::text FROM opmas_config WHERE key = ?")) {
            select.setString(1, key);
            ResultSet rows = select.executeQuery();
            assertThat(rows.next()).as("row %s", key).isTrue();
            return rows.getString(1);
        }
    }

    /** What an operator does with psql. */
    private static void writeAsAdmin(String key, String json) throws Exception {
        try (Connection admin = admin(); PreparedStatement insert = admin.prepareStatement(
                "INSERT INTO opmas_config (key, value) VALUES (?, ?::jsonb)")) {
            insert.setString(1, key);
            insert.setString(2, json);
            insert.executeUpdate();
        }
    }
}
