package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void readsValuesListsFlagsAndDefaults() {
        BenchOptions options = BenchOptions.parse(List.of("--sources", "50", "--rates=1000,2_000", "--dry", "--seconds", "3"));
        assertThat(options.integer("sources", 200)).isEqualTo(50);
        assertThat(options.integers("rates", List.of())).containsExactly(1000, 2000);
        assertThat(options.flag("dry")).isTrue();
        assertThat(options.integer("seconds", 20)).isEqualTo(3);
        assertThat(options.integer("absent", 7)).isEqualTo(7);
    }

    @Test
    void aLaterValueOverridesAnEarlierOne() {
        assertThat(BenchOptions.parse(List.of("--home", "a", "--home", "b")).string("home", null)).isEqualTo("b");
    }

    @Test
    void namesTheOptionThatIsNotANumber() {
        BenchOptions options = BenchOptions.parse(List.of("--rate", "fast"));
        assertThatThrownBy(() -> options.integer("rate", 1)).hasMessageContaining("--rate").hasMessageContaining("fast");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("rate"))).hasMessageContaining("expected --name value");
    }
}
