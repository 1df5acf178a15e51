package org.opmas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opmas.schema.migration.SchemaMigrator;

import com.fasterxml.jackson.databind.JsonNode;

/** The images the manifests run: one per service (Quarkus fast-jar) and the schema migrator. */
class DockerfilesTest {

    private static String dockerfile(String module) throws IOException {
        Path file = Manifests.repoRoot().resolve(module).resolve("src/main/docker/Dockerfile.jvm");
        assertThat(file).as(module + " Dockerfile").isRegularFile();
        return Files.readString(file);
    }

    @TestFactory
    Stream<DynamicTest> everyServiceImageRunsTheFastJarAsTheManifestsUser() {
        List<JsonNode> prod = Manifests.render("prod");
        return Manifests.SERVICES.stream().map(s -> DynamicTest.dynamicTest(s, () -> {
            String df = dockerfile(s);
            JsonNode deployment = Manifests.get(prod, "Deployment", s);
            String port = Manifests.get(prod, "ConfigMap", s + "-config").path("data").path("OPMAS_HTTP_PORT").asText();
            String uid = deployment.path("spec").path("template").path("spec").path("securityContext").path("runAsUser").asText();
            assertThat(df)
                    .containsPattern("(?m)^FROM registry\\.access\\.redhat\\.com/ubi9/openjdk-17[-a-z]*:\\S+$")
                    .contains("target/quarkus-app/lib/", "target/quarkus-app/app/", "target/quarkus-app/quarkus/",
                            "/deployments/quarkus-run.jar")
                    .containsPattern("(?m)^USER " + uid + "$")
                    .containsPattern("(?m)^EXPOSE " + port + "\\b");
            assertThat(deployment.path("spec").path("template").path("spec").path("containers").get(0)
                    .path("image").asText()).contains("/opmas/" + s + ":");
        }));
    }

    @Test
    void theMigratorImageRunsTheSchemaMigrator() throws IOException {
        String df = dockerfile("schema");
        assertThat(df).contains(SchemaMigrator.class.getName(), "target/migrator-lib/")
                .containsPattern("(?m)^USER 185$")
                .containsPattern("(?m)^CMD \\[ \"migrate\" \\]$");
        JsonNode job = Manifests.get(Manifests.render("prod"), "Job", "opmas-schema-migrate");
        assertThat(job.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText())
                .contains("/opmas/schema-migrator:");
    }
}
