package org.opmas.device.inventory.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.device.testsupport.InventoryTestSupport.admin;
import static org.opmas.device.testsupport.InventoryTestSupport.createDevice;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueHostname;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueIp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class DirectoryAndLastSeenTest {

    @Inject
    DeviceDirectory directory;

    @Inject
    LastSeenTracker tracker;

    @Inject
    BatchedLastSeenTracker batched;

    @Inject
    MeterRegistry registry;

    @Test
    void directoryFollowsApiChanges() {
        String hostname = uniqueHostname("Dir");
        String ip = uniqueIp();
        int id = given().contentType(ContentType.JSON)
                .body(Map.of("hostname", hostname, "ip_address", ip, "config", Map.of("timezone", "Europe/Berlin")))
                .when().post("/api/v1/devices").then().statusCode(201).extract().path("id");

        DeviceDirectory.DeviceRef ref = directory.byIp(ip).orElseThrow();
        assertThat(ref.id()).isEqualTo(id);
        assertThat(ref.hostname()).isEqualTo(hostname);
        assertThat(ref.status()).isEqualTo("active");
        assertThat(ref.timeZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(directory.byHostname(hostname.toLowerCase())).contains(ref);

        String newIp = uniqueIp();
        given().contentType(ContentType.JSON).body(Map.of("ip_address", newIp, "status", "maintenance"))
                .when().patch("/api/v1/devices/" + id).then().statusCode(200);
        assertThat(directory.byIp(ip)).isEmpty();
        assertThat(directory.byIp(newIp).orElseThrow().status()).isEqualTo("maintenance");

        given().when().delete("/api/v1/devices/" + id).then().statusCode(204);
        assertThat(directory.byIp(newIp)).isEmpty();
        assertThat(directory.byHostname(hostname)).isEmpty();
    }

    @Test
    void lastSeenAtAdvancesOnFlushAndNeverMovesBack() throws Exception {
        int id = createDevice(uniqueHostname("seen"), uniqueIp());
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String updatedBefore = given().when().get("/api/v1/devices/" + id).then().extract().path("updated_at");

        tracker.markSeen(id, t1.minusSeconds(30));
        tracker.markSeen(id, t1);
        tracker.markSeen(id, t1.minusSeconds(10)); // older: the max wins
        batched.flush().await().atMost(Duration.ofSeconds(10));
        assertThat(lastSeen(id)).isEqualTo(t1);

        tracker.markSeen(id, t1.minusSeconds(60)); // a late line with an old timestamp
        batched.flush().await().atMost(Duration.ofSeconds(10));
        assertThat(lastSeen(id)).isEqualTo(t1);

        given().when().get("/api/v1/devices/" + id).then().statusCode(200)
                .body("last_seen_at", org.hamcrest.Matchers.notNullValue())
                // last_seen_at batches are not inventory edits
                .body("updated_at", org.hamcrest.Matchers.is(updatedBefore));
    }

    @Test
    void aThousandMarksAreOneStatement() throws Exception {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(createDevice(uniqueHostname("batch"), uniqueIp()));
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        batched.flush().await().atMost(Duration.ofSeconds(10)); // marks left by other tests (ingest) go first
        double statementsBefore = registry.get("opmas_device_last_seen_flush_statements").counter().count();
        double devicesBefore = registry.get("opmas_device_last_seen_flush_devices").summary().totalAmount();

        for (int id : ids) {
            tracker.markSeen(id, at);
        }
        for (int i = 0; i < 997; i++) {
            tracker.markSeen(1_900_000_000 + i, at); // no such devices: counted, matched by nothing
        }
        int sent = batched.flush().await().atMost(Duration.ofSeconds(10));

        assertThat(sent).isEqualTo(1000);
        assertThat(registry.get("opmas_device_last_seen_flush_statements").counter().count() - statementsBefore)
                .isEqualTo(1.0);
        assertThat(registry.get("opmas_device_last_seen_flush_devices").summary().totalAmount() - devicesBefore)
                .isEqualTo(1000.0);
        for (int id : ids) {
            assertThat(lastSeen(id)).isEqualTo(at);
        }
        assertThat(batched.flush().await().atMost(Duration.ofSeconds(30))).isZero(); // nothing left dirty
    }

    private static Instant lastSeen(int id) throws Exception {
        try (Connection c = admin(); PreparedStatement s = c.prepareStatement(
                "SELECT last_seen_at FROM devices WHERE id = ?")) {
            s.setInt(1, id);
            ResultSet rs = s.executeQuery();
            rs.next();
            java.sql.Timestamp ts = rs.getTimestamp(1);
            return ts == null ? null : ts.toInstant();
        }
    }
}
