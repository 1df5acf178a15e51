package org.opmas.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.opmas.agent.it.KafkaFixture.log;
import static org.opmas.agent.it.KafkaFixture.publish;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.config.EngineConfig;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;

/**
 * A flood of distinct group keys (one failed login from each of thousands of random addresses)
 * through the real broker into the running service: the per-rule key cap holds, every eviction is
 * counted on /q/metrics, the service stays ready, and a real attacker afterwards is still detected.
 * The test profile sets {@code opmas.agent.engine.max-keys-per-rule} low enough to flood in seconds.
 */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class KeyFloodTest {

    private static final int DEVICES = 4;

    static KafkaFixture.Recorder detected;

    @Inject
    RuleEngine engine;

    @Inject
    EngineConfig config;

    @BeforeAll
    static void record() {
        detected = new KafkaFixture.Recorder(Topics.FINDINGS_DETECTED);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        detected.close();
    }

    @Test
    void aFloodOfDistinctKeysIsCappedCountedAndDoesNotStopDetection() {
        int cap = config.maxKeysPerRule();
        assertThat(cap).as("the test profile's cap keeps the flood small").isLessThanOrEqualTo(1000);
        int perDevice = cap; // DEVICES x cap distinct keys: (DEVICES - 1) x cap must be evicted
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String program = "authd" + suffix;
        String ruleName = "FloodedAuthFailures-" + suffix;
        int agent = given().contentType(ContentType.JSON).body(Map.of("name", "flood-" + suffix, "type", "test"))
                .post("/api/v1/agents").then().statusCode(201).extract().path("id");
        int rule = given().contentType(ContentType.JSON).body(Map.of("name", ruleName, "rule_type", "threshold",
                        "conditions", Map.of("program", program,
                                "message_regex", "^auth failure from (?<client>[0-9a-f.:]+) port \\d+$",
                                "group_by", List.of("client"), "threshold", 3, "window_seconds", 600, "cooldown_seconds", 600),
                        "actions", Map.of("finding_type", "auth_failures", "severity", "warning",
                                "description", "{count} auth failures from {client}")))
                .post("/api/v1/agents/" + agent + "/rules").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.rules().stream().anyMatch(r -> r.ruleId() == rule));

        long firstDevice = ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DeviceLogEvent> flood = new ArrayList<>(DEVICES * perDevice);
        for (int d = 0; d < DEVICES; d++) {
            for (int i = 0; i < perDevice; i++) {
                String randomIp = "10." + d + "." + (i >> 8) + "." + (i & 0xff);
                flood.add(log(firstDevice + d, t0.plusMillis(i), program, "auth failure from " + randomIp + " port 22"));
            }
        }
        KafkaFixture.publishAll(flood);

        double expectedEvictions = (double) (DEVICES - 1) * perDevice;
        // At least, not exactly: a consumer rebalance during the flood replays the partition into a
        // fresh state (restart safety), and the replayed keys overflow — and are counted — again.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(overflowEvictions(ruleName))
                .isGreaterThanOrEqualTo(expectedEvictions));
        assertThat(engine.stateKeys(rule)).as("state keys of the flooded rule").isEqualTo(cap);
        assertThat(detected.detections(firstDevice)).as("one failure per address is below the threshold").isEmpty();
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        // A real attacker after the flood: fires at the third failure, not before, exactly once.
        long victim = firstDevice;
        String attacker = "203.0.113.77";
        Instant t1 = t0.plusSeconds(5);
        publish(log(victim, t1, program, "auth failure from " + attacker + " port 22"));
        publish(log(victim, t1.plusMillis(1), program, "auth failure from " + attacker + " port 22"));
        marker(victim);
        assertThat(of(victim, "auth_failures")).as("two failures are below the threshold").isEmpty();
        publish(log(victim, t1.plusMillis(2), program, "auth failure from " + attacker + " port 22"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(victim, "auth_failures").size() == 1);
        assertThat(of(victim, "auth_failures")).singleElement().satisfies(d -> {
            assertThat(d.fingerprint()).isEqualTo("flood-" + suffix + ":" + ruleName + ":" + victim + ":" + attacker);
            assertThat(d.matchCount()).isEqualTo(3L);
            assertThat(d.description()).isEqualTo("3 auth failures from " + attacker);
        });
        assertThat(engine.stateKeys(rule)).isLessThanOrEqualTo(cap);
    }

    /** An OOM kill on the device fires at once; the partition is ordered, so everything sent before it was evaluated. */
    static void marker(long device) {
        publish(log(device, Instant.now(), "kernel", "Out of memory: Killed process 4242 (marker) total-vm:1kB"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !of(device, "oom_kill").isEmpty());
    }

    static List<DetectionEvent> of(long device, String findingType) {
        return detected.detections(device).stream().filter(d -> d.findingType().equals(findingType)).toList();
    }

    /** {@code opmas_agent_state_evictions_total{reason="overflow",rule=...}} as exported on /q/metrics (0 if absent). */
    static double overflowEvictions(String ruleName) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("opmas_agent_state_evictions_total{") && l.contains("reason=\"overflow\"")
                        && l.contains("rule=\"" + ruleName + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
