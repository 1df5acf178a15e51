package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsNumbersRightAndTextLeftUnderAUnderlinedHeader() {
        String rendered = new Table("ingest", "process", "cpu %", "rss MiB")
                .row("kafka", 12.345, 401L)
                .row("device-service", 150.0, 1_234_567)
                .render();
        assertThat(rendered).isEqualTo("""
                ingest
                process         cpu %    rss MiB
                --------------  -----  ---------
                kafka            12.3        401
                device-service  150.0  1,234,567
                """);
    }

    @Test
    void showsMissingValuesAsADash() {
        String rendered = new Table("t", "a", "b").row(null, Double.NaN).render();
        assertThat(rendered).endsWith("-  -\n");
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("t", "a", "b").row(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 cells");
    }
}
