package org.opmas.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatencyScenarioTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void warmUpProbesAreLeftOutAndEachHopIsTheDifferenceOfItsTimestamps() {
        LatencyScenario.Probes probes = new LatencyScenario.Probes();
        // Probe 1 was sent during the warm-up, slowly: it must not count.
        record(probes, 1, 0, 5_000, 6_000, 7_000, 9_000);
        record(probes, 2, 1_000, 1_020, 1_050, 1_080, 1_300);
        record(probes, 3, 2_000, 2_040, 2_090, 2_150, 2_400);
        probes.firstMeasured = 2;

        LatencyScenario.Latencies l = LatencyScenario.collect(probes);

        assertThat(l.detect.count()).isEqualTo(2);
        assertThat(l.detect.maxMillis()).isCloseTo(150, within(1.0));
        assertThat(l.act.maxMillis()).isCloseTo(250, within(1.0));
        assertThat(l.toRule.maxMillis()).isCloseTo(40, within(1.0));
        assertThat(l.toInsert.maxMillis()).isCloseTo(50, within(1.0));
        assertThat(l.toEvent.maxMillis()).isCloseTo(60, within(1.0));
        assertThat(l.toRule.millis(50)).isCloseTo(20, within(1.0));
    }

    @Test
    void aProbeWithoutItsDetectionEventCountsForTheWholePathButNotForTheHops() {
        LatencyScenario.Probes probes = new LatencyScenario.Probes();
        record(probes, 1, 0, 10, 20, 30, 40);
        probes.detected.remove(1L);
        probes.firstMeasured = 1;

        LatencyScenario.Latencies l = LatencyScenario.collect(probes);

        assertThat(l.detect.count()).isEqualTo(1);
        assertThat(l.toRule.count()).isZero();
    }

    private static void record(LatencyScenario.Probes probes, long probe, long sent, long detected, long inserted,
                               long committed, long commanded) {
        probes.sent.put(probe, T0.plusMillis(sent));
        probes.detected.put(probe, T0.plusMillis(detected));
        probes.inserted.put(probe, T0.plusMillis(inserted));
        probes.committed.put(probe, T0.plusMillis(committed));
        probes.commanded.put(probe, T0.plusMillis(commanded));
    }
}
