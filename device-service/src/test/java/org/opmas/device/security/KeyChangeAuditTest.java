package org.opmas.device.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.opmas.common.security.AuditLog;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.device.testsupport.InventoryTestSupport;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Key changes are recorded with the subject of the bearer token that made them. */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class KeyChangeAuditTest {

    @Test
    void generateRotateAndDeleteAreAuditedWithTheTokensSubject() {
        String admin = DevTokens.bearer(DevTokens.forTests().mint("kim@noc", Set.of(DevTokens.ADMIN), Duration.ofMinutes(5)));
        int device = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body("{\"hostname\":\"" + InventoryTestSupport.uniqueHostname("audit") + "\",\"ip_address\":\""
                        + InventoryTestSupport.uniqueIp() + "\"}")
                .post("/api/v1/devices").then().statusCode(201).extract().path("id");
        List<String> audit = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                audit.add(String.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger category = Logger.getLogger(AuditLog.CATEGORY);
        category.addHandler(capture);
        try {
            int generated = given().header("Authorization", admin).contentType(ContentType.JSON).body("{}")
                    .post("/api/v1/devices/" + device + "/keys/generate").then().statusCode(201).extract().path("id");
            int rotated = given().header("Authorization", admin).contentType(ContentType.JSON).body("{}")
                    .post("/api/v1/devices/" + device + "/keys/rotate").then().statusCode(201).extract().path("id");
            given().header("Authorization", admin).delete("/api/v1/devices/" + device + "/keys/" + generated)
                    .then().statusCode(204);

            assertThat(audit).anySatisfy(line -> assertThat(line)
                            .startsWith("subject=kim@noc action=ssh-key.generate target=device/" + device + "/ssh-key/" + generated + " SHA256:"))
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("subject=kim@noc action=ssh-key.rotate target=device/" + device + "/ssh-key/" + rotated)
                            .endsWith("replacing ssh-key/" + generated))
                    .anySatisfy(line -> assertThat(line)
                            .isEqualTo("subject=kim@noc action=ssh-key.delete target=device/" + device + "/ssh-key/" + generated));
        } finally {
            category.removeHandler(capture);
        }
    }
}
