package org.opmas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opmas.schema.migration.SchemaMigrator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every environment variable a manifest gives a service exists in that service's configuration:
 * its application.properties references it as {@code ${VAR}} or sets the property whose
 * environment form it is (quarkus.http.port -> QUARKUS_HTTP_PORT). A typo fails the build.
 */
class ConfigKeysTest {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::|})");

    /**
     * The env names a service understands: its application.properties, plus the defaults every service
     * inherits from opmas-common (META-INF/microprofile-config.properties: the JWT settings).
     */
    static Set<String> knownKeys(String service) {
        Path file = Manifests.repoRoot().resolve(service).resolve("src/main/resources/application.properties");
        assertThat(file).as("application.properties of " + service).isRegularFile();
        Set<String> keys = new TreeSet<>(keysOf(Manifests.repoRoot().resolve(
                "common/src/main/resources/META-INF/microprofile-config.properties")));
        keys.addAll(keysOf(file));
        return keys;
    }

    private static Set<String> keysOf(Path file) {
        Set<String> keys = new TreeSet<>();
        try {
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                keys.add(m.group(1));
            }
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            }
            for (String property : props.stringPropertyNames()) {
                if (!property.startsWith("%")) {           // profile-specific keys are not env-settable as such
                    keys.add(envName(property));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /** MicroProfile Config's environment form of a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** Env names a Deployment's container gets: env entries plus every key of its envFrom ConfigMaps/Secrets. */
    static Set<String> envOf(List<JsonNode> objects, JsonNode container) {
        Set<String> names = new LinkedHashSet<>();
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String cm = from.path("configMapRef").path("name").asText();
                JsonNode map = Manifests.get(objects, "ConfigMap", cm);
                map.path("data").fieldNames().forEachRemaining(k -> names.add(from.path("prefix").asText("") + k));
            }
            assertThat(from.has("secretRef")).as("envFrom secretRef hides which keys a service gets; use secretKeyRef")
                    .isFalse();
        }
        return names;
    }

    @TestFactory
    Stream<DynamicTest> everyServiceEnvVarExistsInItsConfiguration() {
        return Manifests.overlays().stream().flatMap(overlay -> Manifests.SERVICES.stream()
                .map(service -> DynamicTest.dynamicTest(overlay + ": " + service, () -> {
                    List<JsonNode> objects = Manifests.render(overlay);
                    JsonNode deployment = Manifests.get(objects, "Deployment", service);
                    Set<String> known = knownKeys(service);
                    for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                        Set<String> unknown = new TreeSet<>(envOf(objects, c));
                        unknown.removeAll(known);
                        assertThat(unknown).as(overlay + " " + service + ": env vars that " + service
                                + "/src/main/resources/application.properties neither references nor maps to a property")
                                .isEmpty();
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> theMigrationJobSetsExactlyWhatTheMigratorReads() {
        return Manifests.overlays().stream().map(overlay -> DynamicTest.dynamicTest(overlay, () -> {
            JsonNode job = Manifests.get(Manifests.render(overlay), "Job", "opmas-schema-migrate");
            JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(envOf(Manifests.render(overlay), container)).containsExactlyInAnyOrder(
                    SchemaMigrator.ENV_URL, SchemaMigrator.ENV_USER, SchemaMigrator.ENV_PASSWORD);
            container.path("env").forEach(e -> {
                if (e.path("name").asText().equals(SchemaMigrator.ENV_URL)) {
                    assertThat(e.path("value").asText()).startsWith("jdbc:postgresql://");
                }
            });
            assertThat(container.path("args").get(0).asText()).isEqualTo("migrate");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyServiceVerifiesTokensWithTheMountedIssuerKey() {
        return Manifests.overlays().stream().map(overlay -> DynamicTest.dynamicTest(overlay, () -> {
            List<JsonNode> objects = Manifests.render(overlay);
            JsonNode common = Manifests.get(objects, "ConfigMap", "opmas-common").path("data");
            String location = common.path("OPMAS_JWT_PUBLIC_KEY_LOCATION").asText();
            assertThat(common.path("OPMAS_JWT_ISSUER").asText()).startsWith("https://");
            assertThat(location).isEqualTo("/etc/opmas/jwt/public-key.pem");
            assertThat(Manifests.get(objects, "ConfigMap", "opmas-jwt").path("data").has("public-key.pem")).isTrue();
            for (String service : Manifests.SERVICES) {
                JsonNode pod = Manifests.get(objects, "Deployment", service).path("spec").path("template").path("spec");
                String volume = null;
                for (JsonNode v : pod.path("volumes")) {
                    if ("opmas-jwt".equals(v.path("configMap").path("name").asText())) {
                        volume = v.path("name").asText();
                    }
                }
                assertThat(volume).as(overlay + " " + service + " mounts ConfigMap opmas-jwt").isNotNull();
                boolean mounted = false;
                for (JsonNode m : pod.path("containers").get(0).path("volumeMounts")) {
                    mounted |= volume.equals(m.path("name").asText()) && location.startsWith(m.path("mountPath").asText() + "/");
                }
                assertThat(mounted).as(overlay + " " + service + " mounts the key where OPMAS_JWT_PUBLIC_KEY_LOCATION points").isTrue();
            }
        }));
    }

    @Test
    void aTypoIsCaught() {
        assertThat(knownKeys("device-service"))
                .contains("OPMAS_DB_REACTIVE_URL", "OPMAS_MASTER_KEY", "QUARKUS_HTTP_PORT")
                .doesNotContain("OPMAS_DB_REACTIVE_ULR");
    }
}
