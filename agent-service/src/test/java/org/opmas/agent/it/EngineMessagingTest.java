package org.opmas.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.agent.it.KafkaFixture.log;
import static org.opmas.agent.it.KafkaFixture.publish;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceChangedEvent;
import org.opmas.schema.events.DeviceStatus;
import org.opmas.schema.validation.EventValidator;

/** The running service: logs in on opmas.device.logs, detections out on opmas.findings.detected. */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class EngineMessagingTest {

    static KafkaFixture.Recorder detected;
    static KafkaFixture.Recorder dlq;

    @BeforeAll
    static void record() {
        detected = new KafkaFixture.Recorder(Topics.FINDINGS_DETECTED);
        dlq = new KafkaFixture.Recorder(Topics.dlq(Topics.DEVICE_LOGS));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        detected.close();
        dlq.close();
    }

    static long newDevice() {
        return ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000);
    }

    static String ip() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    /** An OOM kill: fires OOMKillerInvoked at once. Processed after everything sent before it on the same device. */
    static void marker(long device) {
        publish(log(device, Instant.now(), "kernel", "Out of memory: Killed process 4242 (marker) total-vm:1kB"));
        await().atMost(Duration.ofSeconds(20)).until(() -> detected.detections(device).stream()
                .anyMatch(d -> d.findingType().equals("oom_kill")));
    }

    static List<DetectionEvent> of(long device, String findingType) {
        return detected.detections(device).stream().filter(d -> d.findingType().equals(findingType)).toList();
    }

    @Test
    void sshFailuresBecomeOneDetectionAtTheFifth() {
        long device = newDevice();
        String attacker = ip();
        Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // windows run on millisecond event time
        for (int i = 0; i < 4; i++) {
            publish(log(device, t0.plusMillis(i), "dropbear", "Bad password attempt for 'root' from " + attacker + ":51234"));
        }
        marker(device);
        assertThat(of(device, "ssh_brute_force")).as("4 failures are below the threshold").isEmpty();
        publish(log(device, t0.plusMillis(5), "dropbear", "Login attempt for nonexistent user from " + attacker + ":40000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "ssh_brute_force").size() == 1);
        for (int i = 0; i < 6; i++) { // inside the cooldown
            publish(log(device, t0.plusMillis(10 + i), "dropbear", "Bad password attempt for 'admin' from " + attacker + ":51234"));
        }
        publish(log(device, Instant.now(), "kernel", "Out of memory: Killed process 4343 (second) total-vm:1kB"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "oom_kill").size() >= 1 && detected.withKey(Long.toString(device)).size() >= 2);
        assertThat(of(device, "ssh_brute_force")).singleElement().satisfies(d -> {
            assertThat(d.fingerprint()).isEqualTo("security:RepeatedSSHLoginFailure:" + device + ":" + attacker);
            assertThat(d.details().get("source_ip").asText()).isEqualTo(attacker);
            assertThat(d.evidence()).hasSize(5);
            assertThat(d.shadow()).isFalse();
            assertThat(d.id()).isEqualTo(DetectionEvent.deterministicId(d.ruleId(), device, d.fingerprint(), t0));
        });
        ConsumerRecord<byte[], byte[]> record = detected.withKey(Long.toString(device)).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("ssh_brute_force")).findFirst().orElseThrow();
        assertThat(KafkaFixture.header(record, CloudEvents.TYPE)).isEqualTo(CloudEvents.FINDING_DETECTED_V1);
        assertThat(KafkaFixture.header(record, CloudEvents.SOURCE)).isEqualTo("/opmas/agent-service");
        assertThat(KafkaFixture.header(record, CloudEvents.ID)).isEqualTo(of(device, "ssh_brute_force").get(0).id().toString());
        assertThat(EventValidator.shared().validate(CloudEvents.FINDING_DETECTED_V1, record.value()).errors()).isEmpty();
    }

    static int createAgent() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "it-" + UUID.randomUUID().toString().substring(0, 8), "type", "test"))
                .post("/api/v1/agents").then().statusCode(201).extract().path("id");
    }

    static int createRule(int agent, String program, boolean shadow) {
        return given().contentType(ContentType.JSON).body(Map.of("name", "Watch " + program, "rule_type", "match",
                        "conditions", Map.of("program", program, "message_regex", "^overheat (?<sensor>\\w+)", "shadow", shadow),
                        "actions", Map.of("finding_type", "overheat", "severity", "error", "description", "sensor {sensor} overheats")))
                .post("/api/v1/agents/" + agent + "/rules").then().statusCode(201).extract().path("id");
    }

    @Test
    void ruleCreatedThroughTheApiTakesEffectWithin2sAndDisablingStopsIt() {
        String program = "thermald" + UUID.randomUUID().toString().substring(0, 6);
        int agent = createAgent();
        int rule = createRule(agent, program, false);
        long device = newDevice();
        long created = System.nanoTime();
        publish(log(device, Instant.now(), program, "overheat cpu0 at 97C"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "overheat").size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - created)).isLessThan(Duration.ofSeconds(10));
        assertThat(of(device, "overheat").get(0).description()).isEqualTo("sensor cpu0 overheats");

        given().contentType(ContentType.JSON).body(Map.of("name", "Watch " + program, "rule_type", "match", "is_active", false,
                        "conditions", Map.of("program", program, "message_regex", "^overheat (?<sensor>\\w+)"),
                        "actions", Map.of("finding_type", "overheat", "severity", "error", "description", "x")))
                .put("/api/v1/agents/" + agent + "/rules/" + rule).then().statusCode(200);
        long other = newDevice();
        publish(log(other, Instant.now(), program, "overheat cpu1 at 99C"));
        marker(other);
        assertThat(of(other, "overheat")).as("disabled rule").isEmpty();
    }

    @Test
    void shadowRulesPublishDetectionsMarkedShadow() {
        String program = "shadowd" + UUID.randomUUID().toString().substring(0, 6);
        createRule(createAgent(), program, true);
        long device = newDevice();
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(100)).untilAsserted(() -> {
            publish(log(device, Instant.now(), program, "overheat gpu at 101C"));
            assertThat(of(device, "overheat")).isNotEmpty();
        });
        assertThat(of(device, "overheat")).allSatisfy(d -> assertThat(d.shadow()).isTrue());
    }

    @Test
    void invalidRecordsAreDeadLetteredWithTheReasonAndDoNotBlock() {
        long device = newDevice();
        String key = Long.toString(device);
        KafkaFixture.publishRaw(Topics.DEVICE_LOGS, key, "{not json".getBytes(StandardCharsets.UTF_8), CloudEvents.DEVICE_LOG_V1);
        var bad = EventJson.toTree(log(device, Instant.now(), "dropbear", "x"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) bad).put("severity", 9);
        KafkaFixture.publishRaw(Topics.DEVICE_LOGS, key, EventJson.toBytes(bad), null);
        KafkaFixture.publishRaw(Topics.DEVICE_LOGS, key, EventJson.toBytes(log(device, Instant.now(), "x", "y")),
                CloudEvents.FINDING_DETECTED_V1);
        var unknownHost = new org.opmas.schema.events.DeviceLogEvent(UUID.randomUUID(), null, "ghost-" + device, null,
                Instant.now(), Instant.now(), null, null, "dropbear", null, null, "hello", "hello",
                org.opmas.schema.events.LogFormat.RFC3164, null, null);
        KafkaFixture.publishRaw(Topics.DEVICE_LOGS, key, EventJson.toBytes(unknownHost), CloudEvents.DEVICE_LOG_V1);
        marker(device); // the partition moved on
        await().atMost(Duration.ofSeconds(20)).until(() -> dlq.withKey(key).size() == 4);
        List<String> reasons = dlq.withKey(key).stream().map(r -> KafkaFixture.header(r, Topics.DlqHeaders.REASON)).toList();
        assertThat(reasons.get(0)).contains("invalid JSON");
        assertThat(reasons.get(1)).contains("$.severity: must be <= 7");
        assertThat(reasons.get(2)).contains("ce_type: 'org.opmas.finding.detected.v1' is not an event type of opmas.device.logs");
        assertThat(reasons.get(3)).contains("unknown device").contains("ghost-" + device);
        assertThat(dlq.withKey(key)).allSatisfy(r -> {
            assertThat(KafkaFixture.header(r, Topics.DlqHeaders.TOPIC)).isEqualTo(Topics.DEVICE_LOGS);
            assertThat(KafkaFixture.header(r, Topics.DlqHeaders.OFFSET)).isNotBlank();
        });
        assertThat(new String(dlq.withKey(key).get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    }

    @Test
    void linesWithOnlyAHostnameAreResolvedThroughOpmasDevices() {
        long device = newDevice();
        String hostname = "gw-" + device;
        Instant now = Instant.now();
        publish(DeviceChangedEvent.upserted(new DeviceChangedEvent.Device(device, hostname, "192.0.2.77", "GL-MT3000",
                "OpenWrt 23.05.3", DeviceStatus.ACTIVE, null, null, now, now), now));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            publish(new org.opmas.schema.events.DeviceLogEvent(UUID.randomUUID(), null, hostname, "192.0.2.77", Instant.now(),
                    Instant.now(), 0, 2, "kernel", null, null, "Out of memory: Killed process 77 (odhcpd) total-vm:1kB", "raw",
                    org.opmas.schema.events.LogFormat.RFC3164, null, null));
            assertThat(of(device, "oom_kill")).singleElement()
                    .satisfies(d -> assertThat(d.details().get("process").asText()).isEqualTo("odhcpd"));
        });
    }

    @Test
    void absenceFiresForASilentActiveDevice() {
        long device = newDevice();
        Instant now = Instant.now();
        publish(DeviceChangedEvent.upserted(new DeviceChangedEvent.Device(device, "silent-" + device, "192.0.2.78", null, null,
                DeviceStatus.ACTIVE, null, null, now, now), now));
        String program = "beacon" + UUID.randomUUID().toString().substring(0, 6);
        int agent = createAgent();
        given().contentType(ContentType.JSON).body(Map.of("name", "Silent", "rule_type", "absence",
                        "conditions", Map.of("program", program, "silence_seconds", 3),
                        "actions", Map.of("finding_type", "beacon_silent", "severity", "warning",
                                "description", "no beacon since {last_seen_at}")))
                .post("/api/v1/agents/" + agent + "/rules").then().statusCode(201);
        long quiet = newDevice(); // logs too, but is not in opmas.devices: never fires
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(1500)).until(() -> true);
        publish(log(device, Instant.now(), program, "alive"));
        publish(log(quiet, Instant.now(), program, "alive"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "beacon_silent").size() == 1);
        marker(quiet);
        assertThat(of(quiet, "beacon_silent")).isEmpty();
    }
}
