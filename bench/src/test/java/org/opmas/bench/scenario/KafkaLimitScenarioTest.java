package org.opmas.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaLimitScenarioTest {

    @Test
    void readsTheWholeRunSummaryOfProducerPerformanceNotAnInterimLine() {
        String output = """
                412345 records sent, 82469.0 records/sec (31.22 MB/sec), 180.3 ms avg latency, 402.0 ms max latency.
                2000000 records sent, 95238.095238 records/sec (36.05 MB/sec), 150.12 ms avg latency, 612.00 ms max latency, 140 ms 50th, 380 ms 95th, 520 ms 99th, 600 ms 99.9th.
                """;
        assertThat(KafkaLimitScenario.producerRate(output)).isEqualTo(95238.095238);
    }

    @Test
    void readsMessagesPerSecondFromConsumerPerformanceCsv() {
        String output = """
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-28 03:00:00:000, 2026-11-28 03:00:10:000, 757.0, 75.7, 2000000, 200000.0, 3000, 7000, 108.1, 285714.3
                """;
        assertThat(KafkaLimitScenario.consumerRate(output)).isEqualTo(200000.0);
    }

    @Test
    void saysSoWhenTheToolPrintedNoSummary() {
        assertThatThrownBy(() -> KafkaLimitScenario.producerRate("ERROR")).hasMessageContaining("no summary");
        assertThatThrownBy(() -> KafkaLimitScenario.consumerRate("ERROR")).hasMessageContaining("nMsg.sec");
    }
}
