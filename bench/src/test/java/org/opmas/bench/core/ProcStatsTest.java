package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void sumsUserAndSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 51000 0 12 0 1500 250 3 4 20 0 57 0 "
                + "123456 3000000000 60000 18446744073709551615 1 1 0 0 0 0 0 4096 1024 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStats.cpuTicksFromStat(stat)).isEqualTo(1750);
    }

    @Test
    void readsVmRssInKib() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  245760 kB\nRssAnon:\t 200000 kB\n";
        assertThat(ProcStats.rssKibFromStatus(status)).isEqualTo(245_760);
        assertThat(ProcStats.rssKibFromStatus("Name:\tkthreadd\n")).isZero();
    }

    @Test
    void readsPssFromSmapsRollup() {
        String rollup = "00400000-7fff0000 ---p 00000000 00:00 0 [rollup]\nRss:  250000 kB\nPss:  131072 kB\n"
                + "Pss_Anon:  120000 kB\nShared_Clean:  9000 kB\n";
        assertThat(ProcStats.pssKibFromSmapsRollup(rollup)).isEqualTo(131_072);
        assertThat(ProcStats.pssKibFromSmapsRollup("Rss: 1 kB\n")).isZero();
    }

    @Test
    void rejectsTextThatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStats.cpuTicksFromStat("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisProcessFromProc() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.rssKib(pid)).isPositive();
        assertThat(ProcStats.pssKib(pid)).isPositive().isLessThanOrEqualTo(ProcStats.rssKib(pid) + 1024);
        assertThat(ProcStats.cpuTicks(pid)).isNotNegative();
        assertThat(ProcStats.commandLine(pid)).contains("java");
    }
}
