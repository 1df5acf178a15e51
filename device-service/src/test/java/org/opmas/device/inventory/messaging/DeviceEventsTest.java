package org.opmas.device.inventory.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.device.testsupport.InventoryTestSupport.awaitRecords;
import static org.opmas.device.testsupport.InventoryTestSupport.bootstrap;
import static org.opmas.device.testsupport.InventoryTestSupport.createDevice;
import static org.opmas.device.testsupport.InventoryTestSupport.header;
import static org.opmas.device.testsupport.InventoryTestSupport.text;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueHostname;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueIp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.opmas.device.inventory.service.InMemoryDeviceDirectory;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DeviceChangedEvent;
import org.opmas.schema.events.DeviceStatus;
import org.opmas.schema.validation.EventValidator;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class DeviceEventsTest {

    @Inject
    InMemoryDeviceDirectory directory;

    @Test
    void createUpdateAndDeleteArePublishedOnOpmasDevicesKeyedByDeviceId() throws Exception {
        String hostname = uniqueHostname("evt");
        int id = given().contentType(ContentType.JSON)
                .body(Map.of("hostname", hostname, "ip_address", uniqueIp(),
                        "config", Map.of("ssh_port", 2222, "host_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")))
                .when().post("/api/v1/devices").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("status", "maintenance"))
                .when().patch("/api/v1/devices/" + id).then().statusCode(200);
        given().when().delete("/api/v1/devices/" + id).then().statusCode(204);

        String key = Integer.toString(id);
        List<ConsumerRecord<String, byte[]>> records = awaitRecords(Topics.DEVICES, r -> key.equals(r.key()), 3,
                Duration.ofSeconds(30));

        assertThat(records).extracting(r -> header(r, CloudEvents.TYPE)).containsExactly(
                CloudEvents.DEVICE_UPSERTED_V1, CloudEvents.DEVICE_UPSERTED_V1, CloudEvents.DEVICE_DELETED_V1);
        for (ConsumerRecord<String, byte[]> record : records) {
            String ceType = header(record, CloudEvents.TYPE);
            assertThat(EventValidator.shared().validate(ceType, record.value()).errors()).isEmpty();
            JsonNode payload = EventJson.readTree(record.value());
            assertThat(header(record, CloudEvents.ID)).isEqualTo(payload.get("id").asText());
            assertThat(header(record, CloudEvents.SOURCE)).isEqualTo(CloudEvents.SOURCE_DEVICE_SERVICE);
            assertThat(header(record, CloudEvents.SPEC_VERSION_HEADER)).isEqualTo("1.0");
            assertThat(header(record, CloudEvents.TIME)).isNotBlank();
            assertThat(payload.get("device_id").asInt()).isEqualTo(id);
        }
        JsonNode created = EventJson.readTree(records.get(0).value());
        assertThat(created.at("/device/hostname").asText()).isEqualTo(hostname);
        assertThat(created.at("/device/config/ssh_port").asInt()).isEqualTo(2222);
        assertThat(created.at("/device/status").asText()).isEqualTo("active");
        assertThat(EventJson.readTree(records.get(1).value()).at("/device/status").asText()).isEqualTo("maintenance");
        assertThat(EventJson.readTree(records.get(2).value()).get("type").asText()).isEqualTo("deleted");
        assertThat(text(records.get(0).value())).doesNotContain("PRIVATE KEY").doesNotContain("encrypted_key");
    }

    @Test
    void failedChangeRollsBackItsEvent() throws Exception {
        String hostname = uniqueHostname("evt-dup");
        int id = createDevice(hostname, uniqueIp());
        // a duplicate: the insert fails, so its event must not exist either
        String ip = uniqueIp();
        given().contentType(ContentType.JSON).body(Map.of("hostname", hostname, "ip_address", ip))
                .when().post("/api/v1/devices").then().statusCode(409);
        try (var c = org.opmas.device.testsupport.InventoryTestSupport.admin();
                var s = c.prepareStatement("SELECT count(*) FROM device_outbox WHERE payload->'device'->>'ip_address' = ?")) {
            s.setString(1, ip);
            var rs = s.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(directory.byIp(ip)).isEmpty();
        assertThat(directory.byId(id)).isPresent();
    }

    @Test
    void changesFromAnotherReplicaReachTheDirectory() {
        // A device another replica created: only the event tells this replica about it. The
        // consumer starts at the end of the topic, so keep sending fresh ones until one arrives.
        try (KafkaProducer<String, byte[]> producer = producer()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                int id = 1_500_000_000 + ThreadLocalRandom.current().nextInt(100_000_000);
                String ip = uniqueIp();
                String hostname = uniqueHostname("remote");
                Instant now = Instant.now();
                DeviceChangedEvent event = DeviceChangedEvent.upserted(new DeviceChangedEvent.Device(id, hostname, ip,
                        null, null, DeviceStatus.ACTIVE, EventJson.toTree(Map.of("timezone", "Asia/Tokyo")), null,
                        now, now), now);
                send(producer, event);
                return awaitDirectory(ip, hostname, id);
            });
        }
    }

    @Test
    void invalidEventGoesToTheDeadLetterTopic() {
        String marker = uniqueHostname("dlq");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // keep sending until the consumer (which starts at the end of the topic) has picked one up
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                byte[] value = ("{\"id\":\"not-a-uuid\",\"type\":\"upserted\",\"marker\":\"" + marker + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEVICES, "1", value);
                record.headers().add(CloudEvents.TYPE, CloudEvents.DEVICE_UPSERTED_V1.getBytes(StandardCharsets.UTF_8));
                record.headers().add(CloudEvents.ID, "x".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
                try {
                    List<ConsumerRecord<String, byte[]>> dead = awaitRecords(Topics.dlq(Topics.DEVICES),
                            r -> text(r.value()).contains(marker), 1, Duration.ofSeconds(2));
                    assertThat(header(dead.get(0), Topics.DlqHeaders.REASON)).startsWith("schema:");
                    assertThat(header(dead.get(0), Topics.DlqHeaders.TOPIC)).isEqualTo(Topics.DEVICES);
                    return true;
                } catch (AssertionError notYet) {
                    return false;
                }
            });
        }
    }

    private boolean awaitDirectory(String ip, String hostname, int id) {
        try {
            await().atMost(Duration.ofSeconds(2)).until(() -> directory.byIp(ip).isPresent());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
        assertThat(directory.byIp(ip).orElseThrow().id()).isEqualTo(id);
        assertThat(directory.byHostname(hostname.toUpperCase()).orElseThrow().id()).isEqualTo(id);
        assertThat(directory.byIp(ip).orElseThrow().timeZone().getId()).isEqualTo("Asia/Tokyo");
        return true;
    }

    private static void send(KafkaProducer<String, byte[]> producer, DeviceChangedEvent event) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEVICES, event.kafkaKey(),
                EventJson.toBytes(event));
        record.headers().add(CloudEvents.TYPE, event.eventType().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.ID, event.id().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SOURCE, "/opmas/device-service".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEvents.SPEC_VERSION_HEADER, "1.0".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
