package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void dueGrowsLinearlyWithElapsedTime() {
        RateSchedule schedule = new RateSchedule(20_000);
        assertThat(schedule.dueAt(0)).isZero();
        assertThat(schedule.dueAt(1_000_000)).isEqualTo(20);            // 1 ms
        assertThat(schedule.dueAt(500_000_000)).isEqualTo(10_000);      // 0.5 s
        assertThat(schedule.dueAt(20_000_000_000L)).isEqualTo(400_000); // 20 s
    }

    @Test
    void roundsDownSoTheSenderNeverRunsAhead() {
        RateSchedule schedule = new RateSchedule(3);
        assertThat(schedule.dueAt(333_333_333)).isZero();
        assertThat(schedule.dueAt(333_333_334)).isEqualTo(1);
        assertThat(schedule.dueAt(999_999_999)).isEqualTo(2);
        assertThat(schedule.dueAt(1_000_000_000)).isEqualTo(3);
    }

    @Test
    void doesNotOverflowOnLongRuns() {
        RateSchedule schedule = new RateSchedule(1_000_000);
        long tenDays = 10L * 24 * 3600 * 1_000_000_000L;
        assertThat(schedule.dueAt(tenDays)).isEqualTo(10L * 24 * 3600 * 1_000_000L);
    }

    @Test
    void backlogIsWhatIsDueMinusWhatWentOut() {
        RateSchedule schedule = new RateSchedule(10_000);
        assertThat(schedule.backlog(100_000_000, 400)).isEqualTo(600);
        assertThat(schedule.backlog(100_000_000, 1_000)).isZero();
        assertThat(schedule.backlog(100_000_000, 1_500)).isZero();
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new RateSchedule(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    }
}
