package org.opmas.executor.execution.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.executor.config.ExecutorConfig;
import org.opmas.executor.control.service.KillSwitch;
import org.opmas.schema.events.IntendedActionEvent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Hands intended actions to a bounded pool of SSH worker threads (size
 * {@code opmas.executor.max-concurrency}: the global limit) through one FIFO lane per device. A
 * lane has at most one action in the pool, so a device runs one action at a time and a slow
 * router only holds up its own lane; a lane that used up its rate (N starts per window) waits
 * for its window to move on. While the kill switch is off, lanes start nothing and keep their
 * actions; {@link #resume()} restarts them.
 *
 * <p>Nothing here is the source of truth: every event is in the durable queue table before it is
 * dispatched, so a crash loses only this in-memory order, and the sweep re-dispatches.
 */
@ApplicationScoped
public class Dispatcher {

    private final ActionProcessor processor;
    private final KillSwitch killSwitch;
    private final ExecutorConfig config;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    /** One lane per device ever seen (a few hundred bytes each); never removed, so two lanes of one device cannot race. */
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    /** Action ids queued in a lane or running, so a second dispatch of the same event is ignored. */
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();

    public Dispatcher(ActionProcessor processor, KillSwitch killSwitch, ExecutorConfig config, MeterRegistry registry) {
        this.processor = processor;
        this.killSwitch = killSwitch;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.maxConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "executor-ssh-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "executor-lane-timer");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("opmas.executor.running", running, AtomicInteger::get)
                .description("Actions running on routers now").register(registry);
        Gauge.builder("opmas.executor.queued", this, Dispatcher::queued)
                .description("Actions waiting in device lanes").register(registry);
        Gauge.builder("opmas.executor.rate.limited", this, Dispatcher::rateLimited)
                .description("Actions waiting because their device used up its starts for the rate window")
                .register(registry);
        Gauge.builder("opmas.executor.paused", killSwitch, k -> k.isEnabled() ? 0 : 1)
                .description("1 while the kill switch is off").register(registry);
    }

    private static final class Lane {
        final long deviceId;
        final Deque<IntendedActionEvent> waiting = new ArrayDeque<>();
        final Deque<Long> starts = new ArrayDeque<>();
        boolean busy;
        boolean timerSet;

        Lane(long deviceId) {
            this.deviceId = deviceId;
        }
    }

    /** Queues an event in its device's lane; emits false if the action is already queued or running. */
    public boolean submit(IntendedActionEvent event) {
        if (!known.add(event.actionId())) {
            return false;
        }
        Lane lane = lanes.computeIfAbsent(event.deviceId(), Lane::new);
        synchronized (lane) {
            lane.waiting.addLast(event);
        }
        pump(lane);
        return true;
    }

    /** Removes a queued (not running) action; emits whether it was waiting here. */
    public boolean withdraw(long actionId) {
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                if (lane.waiting.removeIf(e -> e.actionId() == actionId)) {
                    known.remove(actionId);
                    return true;
                }
            }
        }
        return false;
    }

    /** Starts every lane that has work (after the kill switch comes back on). */
    public void resume() {
        lanes.values().forEach(this::pump);
    }

    public int running() {
        return running.get();
    }

    public int queued() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                n += lane.waiting.size();
            }
        }
        return n;
    }

    /**
     * Actions waiting only because their device reached its rate limit (the lane waits for its
     * window to move on; they stay pending, never fail for it).
     */
    public int rateLimited() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                if (lane.timerSet) {
                    n += lane.waiting.size();
                }
            }
        }
        return n;
    }

    public boolean isKnown(long actionId) {
        return known.contains(actionId);
    }

    private void pump(Lane lane) {
        IntendedActionEvent next;
        synchronized (lane) {
            if (lane.busy || lane.waiting.isEmpty() || !killSwitch.isEnabled()) {
                return;
            }
            long now = System.nanoTime();
            long window = config.rateWindow().toNanos();
            while (!lane.starts.isEmpty() && now - lane.starts.peekFirst() >= window) {
                lane.starts.removeFirst();
            }
            if (lane.starts.size() >= config.perDeviceRateLimit()) {
                if (!lane.timerSet) {
                    lane.timerSet = true;
                    long wait = lane.starts.peekFirst() + window - now;
                    Log.infof("Device %d reached its rate limit (%d actions per %s); next start in %d ms",
                            lane.deviceId, config.perDeviceRateLimit(), config.rateWindow(), wait / 1_000_000);
                    timer.schedule(() -> {
                        synchronized (lane) {
                            lane.timerSet = false;
                        }
                        pump(lane);
                    }, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            next = lane.waiting.pollFirst();
            lane.busy = true;
            lane.starts.addLast(now);
        }
        workers.execute(() -> run(lane, next));
    }

    private void run(Lane lane, IntendedActionEvent event) {
        running.incrementAndGet();
        ActionProcessor.Disposition disposition = ActionProcessor.Disposition.DONE;
        try {
            disposition = processor.process(event);
        } catch (RuntimeException e) {
            // The row stays running or queued; the sweep (stale recovery) closes or re-dispatches it.
            Log.errorf(e, "Dispatching action %d failed", event.actionId());
        } finally {
            running.decrementAndGet();
            synchronized (lane) {
                lane.busy = false;
                if (disposition != ActionProcessor.Disposition.DONE) {
                    // Nothing reached the router: give the start back to the device's rate window.
                    // The lane had only this action in flight, so the newest start is this one.
                    lane.starts.pollLast();
                }
                if (disposition == ActionProcessor.Disposition.DEFERRED) {
                    lane.waiting.addFirst(event);
                } else {
                    known.remove(event.actionId());
                }
            }
        }
        if (disposition != ActionProcessor.Disposition.DEFERRED) {
            pump(lane);
        }
    }

    @PreDestroy
    void shutdown() {
        workers.shutdownNow();
        timer.shutdownNow();
    }
}
