package org.opmas.executor.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CappedOutputTest {

    @Test
    void keepsTheFirstCapBytesAndCountsTheRest() {
        CappedOutput out = new CappedOutput(4);
        out.write("abcdef".getBytes(StandardCharsets.UTF_8), 0, 6);
        out.write('g');

        assertThat(out.captured()).isEqualTo(new CappedOutput.Captured("abcd", true, 7));
    }

    @Test
    void aWaitingWorkerWakesWhenJschClosesTheStream() throws Exception {
        CappedOutput out = new CappedOutput(16);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.close();
        });
        closer.start();

        // Far longer than the close takes: returning true means it was woken, not timed out.
        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(30))).isTrue();
        closer.join();
    }

    @Test
    void aWaitWithoutCloseTimesOutAndSaysSo() throws Exception {
        CappedOutput out = new CappedOutput(16);

        assertThat(out.awaitClosed(TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        out.close();
        assertThat(out.awaitClosed(0)).isTrue();
    }
}
