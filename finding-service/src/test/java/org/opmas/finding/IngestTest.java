package org.opmas.finding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.finding.support.TestFleet.count;
import static org.opmas.finding.support.TestFleet.detection;
import static org.opmas.finding.support.TestFleet.newDevice;
import static org.opmas.finding.support.TestFleet.send;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.opmas.finding.support.TestFleet;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.FindingEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.opmas.devkit.test.OpmasTestResource;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class IngestTest {

    @Test
    void sameDetectionTwiceMakesOneFindingCountedOnce() {
        long device = newDevice();
        String fp = "test:idem:" + UUID.randomUUID();
        DetectionEvent d = detection(device, fp);
        send(d);
        send(d);
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM finding_detections WHERE detection_id = ?", d.id()) == 1
                && count("SELECT count(*) FROM findings WHERE fingerprint = ?", fp) == 1);
        // A later unrelated detection on the same partition proves the duplicate was consumed too.
        DetectionEvent marker = detection(device, fp + ":marker");
        send(marker);
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM findings WHERE fingerprint = ?", marker.fingerprint()) == 1);
        assertThat(count("SELECT count(*) FROM findings WHERE fingerprint = ?", fp)).isEqualTo(1);
        assertThat(count("SELECT occurrence_count FROM findings WHERE fingerprint = ?", fp)).isEqualTo(1);
    }

    /**
     * Issue #5: ten thousand identical detections (distinct ids, one fingerprint) through the real
     * broker → one open finding counting 10,000, first/last seen spanning every detection, and a
     * bounded number of events downstream (created + at most one updated per update interval).
     */
    @Test
    void stormOfTenThousandIdenticalDetectionsCollapsesIntoOneFinding() {
        long device = newDevice();
        String fp = "test:storm:" + UUID.randomUUID();
        int storm = Integer.getInteger("storm.size", 10_000);
        // detected_at spread over `storm` seconds and sent out of order (stride through the range),
        // so first/last seen must come from the extremes, not from the first/last record consumed.
        Instant base = Instant.now().minusSeconds(storm + 3600).truncatedTo(ChronoUnit.SECONDS);
        int stride = 7919; // prime, coprime with the sizes used: visits every offset once
        KafkaConsumer<String, byte[]> findings = TestFleet.consumer(Topics.FINDINGS);
        long started = System.nanoTime();
        for (int i = 0; i < storm; i++) {
            long offset = (long) i * stride % storm;
            send(TestFleet.detectionAt(device, fp, base.plusSeconds(offset)));
        }
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> count(
                "SELECT coalesce(max(occurrence_count), 0) FROM findings WHERE fingerprint = ?", fp) == storm);
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(count("SELECT count(*) FROM findings WHERE fingerprint = ?", fp)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM findings WHERE fingerprint = ? AND status = 'new'", fp)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM finding_open_fingerprints WHERE fingerprint = ?", fp)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM finding_detections WHERE fingerprint = ? AND finding_id IS NOT NULL", fp))
                .isEqualTo(storm);
        assertThat(TestFleet.text("SELECT first_seen_at::text FROM findings WHERE fingerprint = ?", fp))
                .isEqualTo(TestFleet.text("SELECT CAST(? AS timestamptz)::text", base.toString()));
        assertThat(TestFleet.text("SELECT last_seen_at::text FROM findings WHERE fingerprint = ?", fp))
                .isEqualTo(TestFleet.text("SELECT CAST(? AS timestamptz)::text", base.plusSeconds(storm - 1).toString()));

        // A marker finding on the same device goes to the same opmas.findings partition after every
        // storm event (outbox relays in commit order, key = device): once it is seen, all are seen.
        DetectionEvent marker = detection(device, fp + ":marker");
        send(marker);
        TestFleet.flush();
        List<FindingEvent> events = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        boolean[] markerSeen = {false};
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : TestFleet.poll(findings)) {
                FindingEvent e = EventJson.fromBytes(r.value(), FindingEvent.class);
                if (fp.equals(e.finding().fingerprint())) {
                    events.add(e);
                    raw.add(r);
                } else if (marker.fingerprint().equals(e.finding().fingerprint())) {
                    markerSeen[0] = true;
                }
            }
            return markerSeen[0];
        });
        findings.close();
        assertThat(events).filteredOn(e -> e.type() == FindingEvent.Type.CREATED).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(FindingEvent.Type.CREATED);
        ConsumerRecord<String, byte[]> created = raw.get(0);
        assertThat(created.key()).isEqualTo(Long.toString(device));
        assertThat(TestFleet.header(created, CloudEvents.TYPE)).isEqualTo(CloudEvents.FINDING_CREATED_V1);
        assertThat(TestFleet.header(created, CloudEvents.ID)).isEqualTo(events.get(0).id().toString());
        assertThat(events.get(0).finding().shadow()).isFalse();
        // Storm policy: besides created, at most one updated per findings.update_event_interval (60 s),
        // so a 10,000-detection storm is a handful of events, not 10,000.
        assertThat(events).filteredOn(e -> e.type() != FindingEvent.Type.CREATED)
                .allMatch(e -> e.type() == FindingEvent.Type.UPDATED)
                .hasSizeLessThanOrEqualTo(1 + (int) (elapsedSeconds / 60));
    }

    @Test
    void invalidDetectionGoesToTheDeadLetterTopicWithTheReason() {
        KafkaConsumer<String, byte[]> dlq = TestFleet.consumer(Topics.dlq(Topics.FINDINGS_DETECTED));
        String marker = UUID.randomUUID().toString();
        byte[] bad = ("{\"id\":\"" + marker + "\",\"severity\":\"fatal\"}").getBytes(StandardCharsets.UTF_8);
        send(Topics.FINDINGS_DETECTED, "42", CloudEvents.FINDING_DETECTED_V1, bad);
        TestFleet.flush();
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            TestFleet.poll(dlq).stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        dlq.close();
        ConsumerRecord<String, byte[]> dead = found.get(0);
        assertThat(dead.value()).isEqualTo(bad);
        assertThat(dead.key()).isEqualTo("42");
        assertThat(TestFleet.header(dead, Topics.DlqHeaders.REASON))
                .startsWith("schema: " + CloudEvents.FINDING_DETECTED_V1 + ": ")
                .contains("$.severity");
        assertThat(TestFleet.header(dead, Topics.DlqHeaders.TOPIC)).isEqualTo(Topics.FINDINGS_DETECTED);
        assertThat(TestFleet.header(dead, CloudEvents.TYPE)).isEqualTo(CloudEvents.FINDING_DETECTED_V1);
    }
}
