package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void readsPercentilesOfAUniformSeriesInMilliseconds() {
        Percentiles p = new Percentiles();
        for (int ms = 1; ms <= 1000; ms++) {
            p.recordNanos(ms * 1_000_000L);
        }
        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.millis(50)).isCloseTo(500, within(0.5));
        assertThat(p.millis(99)).isCloseTo(990, within(1.0));
        assertThat(p.maxMillis()).isCloseTo(1000, within(1.0));
    }

    @Test
    void aSingleOutlierIsTheMaxButNotTheMedian() {
        Percentiles p = new Percentiles();
        for (int i = 0; i < 99; i++) {
            p.recordMicros(2_000);
        }
        p.recordMicros(750_000);
        assertThat(p.millis(50)).isCloseTo(2.0, within(0.01));
        assertThat(p.maxMillis()).isCloseTo(750, within(1.0));
    }

    @Test
    void isNaNWithoutSamplesAndClampsNegativeClockSkewToZero() {
        Percentiles p = new Percentiles();
        assertThat(p.millis(50)).isNaN();
        assertThat(p.maxMillis()).isNaN();
        p.recordNanos(-5_000_000);
        assertThat(p.maxMillis()).isZero();
    }
}
