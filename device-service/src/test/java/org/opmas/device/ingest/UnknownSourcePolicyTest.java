package org.opmas.device.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.opmas.device.ingest.IngestTestSupport.createDevice;
import static org.opmas.device.ingest.IngestTestSupport.keyed;
import static org.opmas.device.ingest.IngestTestSupport.randomHostname;
import static org.opmas.device.ingest.IngestTestSupport.randomLoopbackIp;
import static org.opmas.device.ingest.IngestTestSupport.sendUdp;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opmas.common.config.RuntimeSettings;
import org.opmas.device.ingest.IngestTestSupport.LogTopicReader;
import org.opmas.device.ingest.service.LogIngestor;
import org.opmas.device.ingest.service.UnknownSourcePolicy;
import org.opmas.device.ingest.syslog.SyslogReceiver;
import org.opmas.device.inventory.service.DeviceDirectory.DeviceRef;
import org.opmas.device.inventory.service.InMemoryDeviceDirectory;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.validation.EventValidator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

/**
 * The {@code register} unknown-source policy end to end: a line from an address no device has
 * creates one {@code inactive} device (once, however many lines race) and is published under it.
 * The policy is switched through opmas_config as an operator would, and switched back afterwards
 * because the database is shared with the other test classes.
 */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class UnknownSourcePolicyTest {

    private static LogTopicReader topic;

    @Inject
    SyslogReceiver receiver;
    @Inject
    InMemoryDeviceDirectory directory;
    @Inject
    RuntimeSettings settings;
    @Inject
    LogIngestor ingestor;

    @BeforeAll
    static void openTopic() {
        topic = new LogTopicReader();
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    @BeforeEach
    void registerUnknownSources() throws Exception {
        setPolicy("register");
        assertThat(ingestor.unknownSourcePolicy()).isEqualTo(UnknownSourcePolicy.REGISTER);
    }

    @AfterEach
    void backToDrop() throws Exception {
        setPolicy("drop");
    }

    private void setPolicy(String policy) throws Exception {
        try (Connection c = IngestTestSupport.adminConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO opmas_config (key, value) VALUES (?, to_jsonb(?::text))"
                        + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
            ps.setString(1, UnknownSourcePolicy.SETTING_KEY);
            ps.setString(2, policy);
            ps.executeUpdate();
        }
        settings.refresh().await().atMost(Duration.ofSeconds(10));
    }

    private static DeviceLogEvent payload(ConsumerRecord<String, byte[]> record) {
        var validation = EventValidator.shared().validate(CloudEvents.DEVICE_LOG_V1, record.value());
        assertThat(validation.errors()).isEmpty();
        return EventJson.fromTree(validation.payload(), DeviceLogEvent.class);
    }

    private static boolean mentions(ConsumerRecord<String, byte[]> record, String text) {
        return new String(record.value(), StandardCharsets.UTF_8).contains(text);
    }

    /** The devices rows with this address: id, hostname, status. */
    private static List<List<String>> devicesWithIp(String ip) throws Exception {
        try (Connection c = IngestTestSupport.adminConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, hostname, status FROM devices WHERE ip_address = ?::inet")) {
            ps.setString(1, ip);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        }
    }

    @Test
    void udpLineFromUnknownSourceRegistersAnInactiveDeviceAndIsPublishedUnderIt() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("newap");

        sendUdp(ip, receiver.udpPort(), "<13>Nov 27 22:45:49 " + host + " dropbear[7]: first words");

        DeviceLogEvent event = payload(topic.await(r -> mentions(r, ip), 1).get(0));
        List<List<String>> rows = devicesWithIp(ip);
        assertThat(rows).hasSize(1);
        int deviceId = Integer.parseInt(rows.get(0).get(0));
        assertThat(rows.get(0).subList(1, 3)).containsExactly(host, "inactive");
        assertThat(event.deviceId()).isEqualTo(deviceId);
        assertThat(event.message()).isEqualTo("first words");
        assertThat(topic.seen(r -> mentions(r, ip))).allSatisfy(r -> assertThat(r.key()).isEqualTo(Integer.toString(deviceId)));
        assertThat(directory.byIp(ip)).map(DeviceRef::id).contains(deviceId);
    }

    @Test
    void httpLineFromUnknownSourceRegistersAndIsPublished() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("httpap");

        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("line", "<13>Nov 27 22:45:49 " + host + " x: via http", "source_ip", ip)))
                .when().post("/api/v1/ingest/logs")
                .then().statusCode(202).body("accepted", equalTo(1)).body("rejected", equalTo(0));

        DeviceLogEvent event = payload(topic.await(r -> mentions(r, ip), 1).get(0));
        List<List<String>> rows = devicesWithIp(ip);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).subList(1, 3)).containsExactly(host, "inactive");
        assertThat(event.deviceId()).isEqualTo(Long.parseLong(rows.get(0).get(0)));
        assertThat(event.message()).isEqualTo("via http");
    }

    @Test
    void httpItemWithoutSourceAddressCannotBeRegisteredAndIsRejectedAsUnknown() {
        String host = randomHostname("nowhere");

        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("line", "<13>Nov 27 22:45:49 " + host + " x: no address")))
                .when().post("/api/v1/ingest/logs")
                .then().statusCode(202).body("accepted", equalTo(0)).body("rejected", equalTo(1))
                .body("errors[0].message", startsWith("unknown source"));

        assertThat(directory.byHostname(host)).isEmpty();
    }

    @Test
    void concurrentLinesFromOneUnknownSourceRegisterExactlyOneDevice() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("burst");
        int lines = 40;
        String[] burst = new String[lines];
        for (int i = 0; i < lines; i++) {
            burst[i] = "<13>Nov 27 22:45:49 " + host + " x: burst " + i;
        }
        // UDP and HTTP at once, so lines arrive on the event loop and on workers while the first
        // registration is still in its transaction
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                senders.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        sendUdp(ip, receiver.udpPort(), burst);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            senders.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                given().contentType(ContentType.JSON)
                        .body(List.of(Map.of("line", "<13>Nov 27 22:45:49 " + host + " x: burst http", "source_ip", ip)))
                        .when().post("/api/v1/ingest/logs").then().statusCode(202).body("accepted", equalTo(1));
            }, pool));
            start.countDown();
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        List<ConsumerRecord<String, byte[]>> published = topic.await(r -> mentions(r, ip), 2 * lines + 1);
        List<List<String>> rows = devicesWithIp(ip);
        assertThat(rows).hasSize(1);
        int deviceId = Integer.parseInt(rows.get(0).get(0));
        assertThat(published).hasSize(2 * lines + 1).allSatisfy(r -> assertThat(r.key()).isEqualTo(Integer.toString(deviceId)));
        assertThat(topic.seen(keyed(deviceId))).hasSize(2 * lines + 1);
    }

    @Test
    void registerUnknownCompletesWhenCalledFromPlainThreadsAndSharesOneRegistration() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("plain");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<DeviceRef>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    // awaited on a thread that is not a Vert.x thread: this never completed before the fix
                    return directory.registerUnknown(ip, host).await().atMost(Duration.ofSeconds(15));
                }, pool));
            }
            start.countDown();
            List<DeviceRef> refs = new ArrayList<>();
            for (CompletableFuture<DeviceRef> call : calls) {
                refs.add(call.get(30, TimeUnit.SECONDS));
            }
            assertThat(refs).extracting(DeviceRef::id).containsOnly(refs.get(0).id());
            assertThat(refs.get(0).hostname()).isEqualTo(host);
            assertThat(refs.get(0).status()).isEqualTo("inactive");
        } finally {
            pool.shutdownNow();
        }
        assertThat(devicesWithIp(ip)).hasSize(1);
        // known now: a later call answers from memory with the same device
        assertThat(directory.registerUnknown(ip, "other-name").await().atMost(Duration.ofSeconds(5)).id())
                .isEqualTo(Integer.parseInt(devicesWithIp(ip).get(0).get(0)));
    }

    @Test
    void aHostnameThatBelongsToAnotherDeviceIsNotReusedForTheNewOne() throws Exception {
        String takenHost = randomHostname("taken");
        createDevice(directory, takenHost, randomLoopbackIp(), null);
        String ip = randomLoopbackIp();

        DeviceRef ref = directory.registerUnknown(ip, takenHost).await().atMost(Duration.ofSeconds(15));

        assertThat(ref.hostname()).isEqualTo("unknown-" + ip.replace('.', '-'));
        assertThat(devicesWithIp(ip)).extracting(r -> r.get(1)).containsExactly(ref.hostname());
    }
}
