package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String EXPOSITION = """
            # HELP opmas_ingest_received_total lines received
            # TYPE opmas_ingest_received_total counter
            opmas_ingest_received_total{transport="udp"} 1200.0
            opmas_ingest_received_total{transport="tcp"} 34.0
            opmas_ingest_received_total_created{transport="udp"} 1.7E9
            opmas_agent_rules_active 16.0
            opmas_agent_events_evaluated_total 5.0E7
            """;

    @Test
    void sumsEveryLabelSetOfOneMetricAndNothingWithALongerName() {
        assertThat(PrometheusText.sum(EXPOSITION, "opmas_ingest_received_total")).isEqualTo(1234.0);
    }

    @Test
    void readsUnlabelledSamplesInScientificNotation() {
        assertThat(PrometheusText.sum(EXPOSITION, "opmas_agent_rules_active")).isEqualTo(16.0);
        assertThat(PrometheusText.sum(EXPOSITION, "opmas_agent_events_evaluated_total")).isEqualTo(50_000_000.0);
    }

    @Test
    void isZeroForAnAbsentMetric() {
        assertThat(PrometheusText.sum(EXPOSITION, "opmas_nothing_total")).isZero();
    }
}
