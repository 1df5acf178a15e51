package org.opmas.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opmas.agent.it.KafkaFixture.log;
import static org.opmas.agent.it.KafkaFixture.publish;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DetectionEvent;

/**
 * The seeded sequence (SSHLoginAfterFailures) and aggregate (LowSignalStrength) rules through the
 * running service on real-looking lines: they fire when they must, and not for a neighbouring key
 * that falls short. (Threshold, match and absence: EngineMessagingTest.)
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SequenceAndAggregateTest {

    static KafkaFixture.Recorder detected;

    @BeforeAll
    static void record() {
        detected = new KafkaFixture.Recorder(Topics.FINDINGS_DETECTED);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        detected.close();
    }

    static long newDevice() {
        return ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000);
    }

    static List<DetectionEvent> of(long device, String findingType) {
        return detected.detections(device).stream().filter(d -> d.findingType().equals(findingType)).toList();
    }

    /** OOMKillerInvoked fires at once; the device's partition is ordered, so everything before it was evaluated. */
    static void marker(long device, int pid) {
        publish(log(device, Instant.now(), "kernel", "Out of memory: Killed process " + pid + " (marker) total-vm:1kB"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "oom_kill").size() >= 1);
    }

    @Test
    void loginAfterThreeFailuresFromTheSameAddressIsDetectedButNotAfterTwo() {
        long device = newDevice();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String attacker = "203.0.113.5";
        String neighbour = "203.0.113.6";
        publish(log(device, t0, "dropbear", "Bad password attempt for 'root' from " + attacker + ":50001"));
        publish(log(device, t0.plusSeconds(1), "dropbear", "Login attempt for nonexistent user 'admin' from " + attacker + ":50002"));
        publish(log(device, t0.plusSeconds(2), "dropbear", "Bad password attempt for 'root' from " + neighbour + ":50003"));
        publish(log(device, t0.plusSeconds(3), "dropbear", "Bad password attempt for 'root' from " + neighbour + ":50004"));
        publish(log(device, t0.plusSeconds(4), "dropbear", "Password auth succeeded for 'root' from " + neighbour + ":50005"));
        publish(log(device, t0.plusSeconds(5), "dropbear", "Password auth succeeded for 'root' from " + attacker + ":50006"));
        marker(device, 101);
        assertThat(of(device, "ssh_login_after_failures")).as("two failures, then a login: not a sequence").isEmpty();

        publish(log(device, t0.plusSeconds(6), "dropbear", "Bad password attempt for 'root' from " + attacker + ":50007"));
        publish(log(device, t0.plusSeconds(7), "dropbear", "Bad password attempt for 'root' from " + attacker + ":50008"));
        publish(log(device, t0.plusSeconds(8), "dropbear", "Password auth succeeded for 'root' from " + attacker + ":50009"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "ssh_login_after_failures").size() == 1);
        assertThat(of(device, "ssh_login_after_failures")).singleElement().satisfies(d -> {
            assertThat(d.fingerprint()).isEqualTo("security:SSHLoginAfterFailures:" + device + ":" + attacker);
            assertThat(d.details().get("source_ip").asText()).isEqualTo(attacker);
            assertThat(d.details().get("user").asText()).isEqualTo("root");
            // At most first_count failures are kept per key: the last three, then the login.
            assertThat(d.evidence()).hasSize(4);
            assertThat(d.matchCount()).isEqualTo(4L);
            assertThat(d.windowStart()).isEqualTo(t0.plusSeconds(1));
        });
    }

    @Test
    void weakAverageSignalOverFiveReadingsIsDetectedPerClient() {
        long device = newDevice();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String weak = "3c:22:fb:0a:0b:0c";
        String fine = "3c:22:fb:0d:0e:0f";
        int[] weakDbm = {-78, -82, -80, -79, -81};
        for (int i = 0; i < 4; i++) {
            publish(log(device, t0.plusSeconds(i * 30L), "hostapd", "wlan0: STA " + weak + " signal " + weakDbm[i] + " dBm"));
            publish(log(device, t0.plusSeconds(i * 30L + 1), "hostapd", "wlan0: STA " + fine + " signal -60 dBm"));
        }
        publish(log(device, t0.plusSeconds(121), "hostapd", "wlan0: STA " + fine + " signal -90 dBm")); // avg -66: above the bound
        marker(device, 102);
        assertThat(of(device, "low_signal")).as("four readings are below min_samples; the other client is fine").isEmpty();

        publish(log(device, t0.plusSeconds(120), "hostapd", "wlan0: STA " + weak + " signal " + weakDbm[4] + " dBm"));
        await().atMost(Duration.ofSeconds(20)).until(() -> of(device, "low_signal").size() == 1);
        assertThat(of(device, "low_signal")).singleElement().satisfies(d -> {
            assertThat(d.details().get("mac").asText()).isEqualTo(weak);
            assertThat(d.details().get("aggregate").asText()).isEqualTo("-80");
            assertThat(d.details().get("samples").asText()).isEqualTo("5");
            assertThat(d.description()).isEqualTo("Client " + weak + " averaged -80 dBm over 5 readings (bound -75 dBm)");
        });
    }
}
