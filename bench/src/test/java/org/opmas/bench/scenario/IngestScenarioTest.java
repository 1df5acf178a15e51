package org.opmas.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opmas.bench.core.SyslogLoad;

class IngestScenarioTest {

    private static final SyslogLoad.Sent SENT = new SyslogLoad.Sent(200_000, 20.0, 40);

    @Test
    void aStepIsSustainedOnlyWithoutLossAndWithinTheLagBound() {
        assertThat(new IngestScenario.Step(10_000, SENT, 200_000, 200_000, 0.4, 0.8).sustained(2.0)).isTrue();
        assertThat(new IngestScenario.Step(10_000, SENT, 199_999, 199_999, 0.4, 0.8).sustained(2.0)).isFalse();
        assertThat(new IngestScenario.Step(10_000, SENT, 200_000, 150_000, 0.4, Double.NaN).sustained(2.0)).isFalse();
        assertThat(new IngestScenario.Step(10_000, SENT, 200_000, 200_000, 2.5, 0.8).sustained(2.0)).isFalse();
    }

    @Test
    void countsLinesThatNeverReachedKafkaAsLost() {
        assertThat(new IngestScenario.Step(10_000, SENT, 199_000, 199_000, 0.1, 0.1).lost()).isEqualTo(1_000);
    }
}
