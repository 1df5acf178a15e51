package org.opmas.device.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PublishQueueTest {

    @Test
    void handsItemsToItsOwnThreadInOfferOrder() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (PublishQueue<Integer> queue = new PublishQueue<>("test-publisher", 10_000, item -> {
            handled.add(item);
            threads.add(Thread.currentThread().getName());
        })) {
            for (int i = 0; i < 5_000; i++) {
                assertThat(queue.offer(i)).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 5_000);
            assertThat(handled).isSorted().doesNotHaveDuplicates();
            assertThat(threads).containsOnly("test-publisher");
        }
    }

    @Test
    void refusesOffersWhileBoundItemsAreUnreleasedAndAcceptsAgainAfterRelease() throws Exception {
        CountDownLatch handledThree = new CountDownLatch(3);
        try (PublishQueue<String> queue = new PublishQueue<>("test-publisher", 3, item -> handledThree.countDown())) {
            assertThat(queue.offer("a")).isTrue();
            assertThat(queue.offer("b")).isTrue();
            assertThat(queue.offer("c")).isTrue();
            assertThat(handledThree.await(10, TimeUnit.SECONDS)).isTrue();
            // handled but not released (not acknowledged yet): still counted against the bound
            assertThat(queue.full()).isTrue();
            assertThat(queue.offer("d")).isFalse();
            assertThat(queue.outstanding()).isEqualTo(3);

            queue.release();
            assertThat(queue.full()).isFalse();
            assertThat(queue.offer("d")).isTrue();
            assertThat(queue.outstanding()).isEqualTo(3);
        }
    }

    @Test
    void aHandlerThatThrowsDoesNotStopTheWorkerAndItsItemIsReleased() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        try (PublishQueue<Integer> queue = new PublishQueue<>("test-publisher", 10, item -> {
            if (item == 1) {
                throw new IllegalStateException("bug");
            }
            handled.add(item);
            // released as a Kafka callback would
        })) {
            queue.offer(1);
            queue.offer(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(2));
            // item 1 was released by the queue; item 2 is still outstanding (never released by the handler)
            assertThat(queue.outstanding()).isEqualTo(1);
        }
    }

    @Test
    void closeHandsOverWhatIsQueuedThenRefusesNewItems() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        PublishQueue<Integer> queue = new PublishQueue<>("test-publisher", 100, item -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(item);
        });
        for (int i = 0; i < 50; i++) {
            queue.offer(i);
        }
        gate.countDown();
        assertThat(queue.close(Duration.ofSeconds(10))).isTrue();
        assertThat(handled).hasSize(50);
        assertThat(queue.offer(99)).isFalse();
    }

    @Test
    void rejectsABoundBelowOne() {
        assertThatThrownBy(() -> new PublishQueue<String>("test-publisher", 0, item -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
