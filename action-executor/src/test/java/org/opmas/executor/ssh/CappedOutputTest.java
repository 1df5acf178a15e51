package org.opmas.executor.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
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
        // Far longer than the test takes: completing with true means it was woken, not timed out.
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return out.awaitClosed(TimeUnit.SECONDS.toNanos(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> waiterBlocked(waiter));

        out.close();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The waiter thread is parked in awaitClosed (not yet running or already done). */
    private static boolean waiterBlocked(CompletableFuture<Boolean> waiter) {
        return !waiter.isDone() && Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(e -> e.getKey().getState() == Thread.State.TIMED_WAITING
                        && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("awaitClosed")));
    }

    @Test
    void aWaitWithoutCloseTimesOutAndSaysSo() throws Exception {
        CappedOutput out = new CappedOutput(16);

        assertThat(out.awaitClosed(TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        out.close();
        assertThat(out.awaitClosed(0)).isTrue();
    }
}
