package org.opmas.device.ingest.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.quarkus.logging.Log;

/**
 * Hands items from the receiving threads to one worker thread, with a fixed bound on what is
 * outstanding. An item counts from {@link #offer} until the worker's handler (or whatever it
 * passes the item to, e.g. a Kafka callback) calls {@link #release}, so the bound covers both the
 * queue and work in progress. {@link #offer} never blocks: above the bound it returns false and
 * the caller decides what a refusal means (drop and count, pause a TCP sender, reject an item).
 *
 * <p>Why a thread of its own: serialising an event and compressing it into the Kafka producer's
 * batch is most of the CPU a line costs; done on the thread that reads the UDP socket it delays
 * the next read, and on a busy machine the kernel's receive buffer overflows meanwhile. One worker
 * keeps the order in which items were offered (a device's lines stay in order).
 */
final class PublishQueue<T> implements AutoCloseable {

    private static final int DRAIN_BATCH = 512;

    private final int bound;
    private final ArrayBlockingQueue<T> queue;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Consumer<T> handler;
    private final Thread worker;
    private volatile boolean closing;

    /**
     * @param bound   items offered and not yet released, at most
     * @param handler runs on the worker thread for each item, in offer order; must not throw
     *                for an item it cannot handle (it counts and releases it itself)
     */
    PublishQueue(String threadName, int bound, Consumer<T> handler) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, got " + bound);
        }
        this.bound = bound;
        this.queue = new ArrayBlockingQueue<>(bound);
        this.handler = handler;
        this.worker = new Thread(this::run, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues the item for the worker; false (nothing queued) when {@code bound} items are outstanding or closing. */
    boolean offer(T item) {
        if (closing) {
            return false;
        }
        if (outstanding.incrementAndGet() > bound) {
            outstanding.decrementAndGet();
            return false;
        }
        // cannot fail: the queue holds at most the outstanding items, and there are fewer than bound
        if (!queue.offer(item)) {
            outstanding.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One offered item is done with (acknowledged, failed or dropped). */
    void release() {
        outstanding.decrementAndGet();
    }

    /** Items offered and not yet released (queued or being handled). */
    int outstanding() {
        return outstanding.get();
    }

    /** True when an offer would be refused right now. */
    boolean full() {
        return outstanding.get() >= bound;
    }

    private void run() {
        List<T> batch = new ArrayList<>(DRAIN_BATCH);
        while (true) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                handle(first);
                // drain what else is there without a wake-up per item
                while (queue.drainTo(batch, DRAIN_BATCH) > 0) {
                    for (T item : batch) {
                        handle(item);
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                // close() does not interrupt; only JVM shutdown would, and then there is nothing left to do
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void handle(T item) {
        try {
            handler.accept(item);
        } catch (RuntimeException e) {
            // the handler counts its own failures; this is a bug, and the worker must survive it
            release();
            Log.errorf(e, "Unexpected failure handling a queued item on %s", worker.getName());
        }
    }

    /** Stops taking items, lets the worker hand over everything queued, waits for it up to {@code timeout}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    boolean close(Duration timeout) {
        closing = true;
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !worker.isAlive();
    }
}
