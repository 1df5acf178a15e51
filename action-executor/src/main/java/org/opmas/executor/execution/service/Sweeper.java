package org.opmas.executor.execution.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.opmas.executor.config.ExecutorConfig;
import org.opmas.executor.control.service.KillSwitch;
import org.opmas.executor.execution.Execution;
import org.opmas.executor.execution.repository.ActionQueueRepository;
import org.opmas.executor.execution.repository.ExecutionRepository;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Crash safety and the kill switch's "nothing is lost": on start and periodically, actions left
 * {@code running} past their deadline by a lost executor are closed as failed with a result event,
 * and queued actions that no lane holds (after a restart, after a pause, or when the consumer
 * crashed between insert and dispatch) are dispatched again. Resuming triggers both at once.
 */
@ApplicationScoped
public class Sweeper {

    private static final int BATCH = 500;

    private final ExecutionRepository executions;
    private final ActionQueueRepository queue;
    private final ResultRecorder recorder;
    private final Dispatcher dispatcher;
    private final KillSwitch killSwitch;
    private final ExecutorConfig config;
    private final Counter staleClosed;
    /** The switch as last seen by {@link #watchKillSwitch()}; null until it has been read after start. */
    private final AtomicReference<Boolean> lastSeen = new AtomicReference<>();

    public Sweeper(ExecutionRepository executions, ActionQueueRepository queue, ResultRecorder recorder,
            Dispatcher dispatcher, KillSwitch killSwitch, ExecutorConfig config, MeterRegistry registry) {
        this.executions = executions;
        this.queue = queue;
        this.recorder = recorder;
        this.dispatcher = dispatcher;
        this.killSwitch = killSwitch;
        this.config = config;
        this.staleClosed = Counter.builder("opmas.executor.stale.closed")
                .description("Actions left running by a lost executor and closed as failed")
                .register(registry);
    }

    void onStart(@Observes StartupEvent startup) {
        // Off the main thread (startup must not wait for the database) and on a Vert.x context
        // (Hibernate Reactive needs one); a failure here is retried by the schedules.
        Thread thread = new Thread(() -> {
            try {
                int stale = VertxContextSupport.subscribeAndAwait(this::recoverStale);
                Log.infof("Executor started: %d stale running action(s) closed; queued actions are dispatched "
                        + "once the kill switch (executor.enabled) has been read", stale);
            } catch (Throwable failure) {
                Log.warnf(failure, "Startup sweep failed; the periodic sweeps will retry");
            }
        }, "executor-startup-sweep");
        thread.setDaemon(true);
        thread.start();
    }

    @Scheduled(identity = "executor-queue-sweep", every = "${opmas.executor.sweep-interval:10s}",
            delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return redispatch(config.sweepMinAge()).replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf(f, "Queue sweep failed")).onFailure().recoverWithNull();
    }

    @Scheduled(identity = "executor-stale-recovery", every = "30s", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> staleRecovery() {
        return recoverStale().replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf(f, "Stale recovery failed")).onFailure().recoverWithNull();
    }

    /**
     * Notices the kill switch coming back on (from any replica or SQL) and restarts dispatching. The
     * first read after start counts as a change: what was consumed or left queued before it waits
     * for it.
     */
    @Scheduled(identity = "executor-kill-switch-watch", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> watchKillSwitch() {
        if (!killSwitch.isRead()) {
            return Uni.createFrom().voidItem();
        }
        boolean enabled = killSwitch.isEnabled();
        Boolean before = lastSeen.getAndSet(enabled);
        if (before != null && before == enabled) {
            return Uni.createFrom().voidItem();
        }
        if (!enabled) {
            Log.warn("Executor paused (executor.enabled=false): no command is sent to any router until resumed");
            return Uni.createFrom().voidItem();
        }
        return before == null ? dispatchAll("Kill switch read: executor enabled") : resumed();
    }

    /** Restarts the lanes and dispatches everything queued. */
    public Uni<Void> resumed() {
        return dispatchAll("Executor resumed (executor.enabled=true)");
    }

    private Uni<Void> dispatchAll(String why) {
        Log.info(why);
        if (killSwitch.isRead()) {
            // else (a resume through the API before the first read) the watch's first read dispatches
            lastSeen.set(true);
        }
        dispatcher.resume();
        return redispatch(Duration.ZERO).replaceWithVoid();
    }

    /** Dispatches queued actions older than {@code minAge} that no lane holds; emits how many. */
    public Uni<Integer> redispatch(Duration minAge) {
        if (!killSwitch.isEnabled()) {
            return Uni.createFrom().item(0);
        }
        return queue.olderThan(minAge, BATCH * 10).map(events -> {
            int n = 0;
            for (var event : events) {
                if (dispatcher.submit(event)) {
                    n++;
                }
            }
            return n;
        });
    }

    /** Closes stale running actions; emits how many. */
    public Uni<Integer> recoverStale() {
        Instant cutoff = Instant.now().minus(config.staleGrace());
        return Panache.withSession(() -> executions.findStale(cutoff, BATCH))
                .chain(stale -> close(stale.stream().filter(e -> !dispatcher.isKnown(e.id)).toList()));
    }

    private Uni<Integer> close(List<Execution> stale) {
        if (stale.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(stale)
                .onItem().transformToUniAndConcatenate(e -> recorder.closeStale(e)
                        .invoke(closed -> {
                            if (closed) {
                                staleClosed.increment();
                                Log.warnf("Action %d on device %s was left running (started %s, deadline %s): "
                                        + "closed as failed", e.id, e.deviceId, e.startedAt, e.deadlineAt);
                            }
                        }))
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }
}
