package org.opmas.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.agent.it.KafkaFixture.log;
import static org.opmas.agent.it.KafkaFixture.publish;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.service.RuleCatalogue;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;

/**
 * Restarts and scale-out against the real broker. A second instance is the production engine,
 * processor and replayer behind a plain consumer loop ({@link EngineInstance}); booting a second
 * Quarkus application in one JVM is not possible.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class EngineScaleOutAndRestartTest {

    @Inject
    RuleCatalogue catalogue;

    List<CompiledRule> sshRules() {
        await().atMost(Duration.ofSeconds(20)).until(() -> catalogue.awaitLoaded(Duration.ofSeconds(1)));
        return catalogue.rules().stream().filter(r -> r.ruleName().equals("RepeatedSSHLoginFailure")).toList();
    }

    static DeviceLogEvent failure(long device, Instant at, String ip) {
        return log(device, at, "dropbear", "Bad password attempt for 'root' from " + ip + ":51234");
    }

    /** {@code count} failures of one attacker in {@code net}, 10 ms apart from {@code t0}. */
    static List<DeviceLogEvent> failures(long device, Instant t0, String net, int count) {
        String ip = net + ThreadLocalRandom.current().nextInt(1, 255);
        List<DeviceLogEvent> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failures.add(failure(device, t0.plusMillis(i * 10L), ip));
        }
        return failures;
    }

    static long device() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
    }

    @Test
    void thresholdCrossedAcrossARestartFiresExactlyOnceAndNeverAgain() throws Exception {
        String group = "restart-" + UUID.randomUUID();
        List<CompiledRule> rules = sshRules();
        long device = device();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DeviceLogEvent> failures = failures(device, t0, "203.0.113.", 7);

        // first life: 3 of the 5 failures, committed, then the instance stops mid-window
        try (EngineInstance first = new EngineInstance(group, rules, false, "/test/first")) {
            first.awaitAllPartitions();
            first.evaluate(failures.subList(0, 3));
            assertThat(first.detections).isEmpty();
        }

        // second life: the window is rebuilt from the partition; failures 4 and 5 cross the threshold
        try (EngineInstance second = new EngineInstance(group, rules, false, "/test/second")) {
            second.awaitAllPartitions();
            assertThat(second.replayed).isGreaterThanOrEqualTo(3);
            second.evaluate(failures.subList(3, 5));
            assertThat(second.detections).singleElement().satisfies(d -> {
                assertThat(d.deviceId()).isEqualTo(device);
                assertThat(d.matchCount()).isEqualTo(5);
                assertThat(d.evidence()).containsExactlyElementsOf(ids(failures.subList(0, 5)));
                assertThat(d.id()).isEqualTo(DetectionEvent.deterministicId(d.ruleId(), device, d.fingerprint(), t0));
            });
        }

        // third life: replaying the whole window re-arms the cooldown instead of firing again
        try (EngineInstance third = new EngineInstance(group, rules, false, "/test/third")) {
            third.awaitAllPartitions();
            assertThat(third.replayed).isGreaterThanOrEqualTo(5);
            third.evaluate(failures.subList(5, 7));
            assertThat(third.detections).isEmpty();
        }
    }

    @Test
    void linesSentWhileDownAreEvaluatedEvenIfTheFirstLifeNeverCommitted() throws Exception {
        // the group resets to the end; the pinned start is all that tells the second life where to resume
        String group = "never-committed-" + UUID.randomUUID();
        List<CompiledRule> rules = sshRules();
        long device = device();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<DeviceLogEvent> failures = failures(device, t0, "198.51.100.", 5);

        // first life: assigned, evaluates 3 failures, stops before any commit of its own
        try (EngineInstance first = new EngineInstance(group, rules, false, "/test/first", false)) {
            first.awaitAllPartitions();
            first.evaluate(failures.subList(0, 3));
        }
        // while no instance runs, the threshold is crossed
        failures.subList(3, 5).forEach(KafkaFixture::publish);

        try (EngineInstance second = new EngineInstance(group, rules, false, "/test/second")) {
            second.awaitAllPartitions();
            second.awaitEvaluated(failures);
            assertThat(second.detections).singleElement().satisfies(d -> {
                assertThat(d.deviceId()).isEqualTo(device);
                assertThat(d.matchCount()).isEqualTo(5);
            });
        }
    }

    @Test
    void twoInstancesInOneGroupSplitPartitionsWithoutDuplicates() throws Exception {
        List<CompiledRule> rules = sshRules();
        try (KafkaFixture.Recorder detected = new KafkaFixture.Recorder(Topics.FINDINGS_DETECTED);
                EngineInstance second = new EngineInstance("agent-service", rules, true, "/test/second-instance")) {
            // the service's own consumer (group agent-service) and this one now share the 6 partitions
            await().atMost(Duration.ofSeconds(60)).until(() -> !second.assignment.isEmpty() && second.assignment.size() < 6);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Map<Long, String> attackers = new java.util.HashMap<>();
            for (int d = 0; d < 24; d++) {
                attackers.put(device(), "192.0.2." + (d + 1));
            }
            for (int i = 0; i < 8; i++) { // 8 failures each: one detection, the rest inside the cooldown
                for (var e : attackers.entrySet()) {
                    publish(failure(e.getKey(), t0.plusMillis(i), e.getValue()));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> detectionsFor(detected, attackers.keySet()).size() >= 24);
            // give stragglers (a duplicate would come right after) a moment while the marker-free topic settles
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> detectionsFor(detected, attackers.keySet()).size() == 24);
            List<ConsumerRecord<byte[], byte[]>> records = detectionsFor(detected, attackers.keySet());
            Set<String> fingerprints = records.stream()
                    .map(r -> EventJson.fromBytes(r.value(), DetectionEvent.class).fingerprint()).collect(Collectors.toSet());
            assertThat(fingerprints).hasSize(24);
            Set<String> sources = new HashSet<>();
            records.forEach(r -> sources.add(KafkaFixture.header(r, CloudEvents.SOURCE)));
            assertThat(sources).as("both instances produced detections").containsExactlyInAnyOrder("/opmas/agent-service",
                    "/test/second-instance");
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> detectionsFor(KafkaFixture.Recorder recorder, Set<Long> devices) {
        Set<String> keys = devices.stream().map(String::valueOf).collect(Collectors.toSet());
        return recorder.records.stream().filter(r -> r.key() != null && keys.contains(new String(r.key())))
                .filter(r -> new String(r.value()).contains("\"fingerprint\":\"security:RepeatedSSHLoginFailure:")).toList();
    }

    static List<UUID> ids(List<DeviceLogEvent> events) {
        return events.stream().map(DeviceLogEvent::id).toList();
    }
}
