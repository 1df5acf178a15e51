package org.opmas.device.inventory.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Remembers the latest instant per device and writes all of them with one statement per flush
 * (every {@code opmas.inventory.last-seen-flush-interval}, default 5 s). The statement only moves
 * last_seen_at forward, so replicas flushing in any order, or a late line with an old timestamp,
 * never move it back. A failed flush leaves its instants to be retried.
 */
@ApplicationScoped
public class BatchedLastSeenTracker implements LastSeenTracker {

    static final String UPDATE = "UPDATE devices d SET last_seen_at = v.ts"
            + " FROM unnest($1::int[], $2::timestamptz[]) AS v(id, ts)"
            + " WHERE d.id = v.id AND (d.last_seen_at IS NULL OR d.last_seen_at < v.ts)";

    private final Map<Integer, Instant> dirty = new ConcurrentHashMap<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Pool pool;
    private final Counter statements;
    private final Counter failures;
    private final DistributionSummary batchSize;

    public BatchedLastSeenTracker(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.statements = Counter.builder("opmas_device_last_seen_flush_statements")
                .description("UPDATE statements written by the last-seen tracker (one per flush with changes)")
                .register(registry);
        this.failures = Counter.builder("opmas_device_last_seen_flush_failures")
                .description("Failed last-seen flushes (retried at the next flush)").register(registry);
        this.batchSize = DistributionSummary.builder("opmas_device_last_seen_flush_devices")
                .description("Devices per last-seen flush statement").register(registry);
    }

    @Override
    public void markSeen(int deviceId, Instant at) {
        if (at == null) {
            return;
        }
        dirty.merge(deviceId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(every = "${opmas.inventory.last-seen-flush-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledFlush() {
        return flush().onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Writes what was marked since the last flush; the number of devices sent. A flush already
     * running makes this one a no-op (its entries go with the next).
     */
    public Uni<Integer> flush() {
        if (dirty.isEmpty() || !flushing.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        // A snapshot; entries are removed only if unchanged after the write, so a mark that races
        // the flush (a newer instant, or a new device) stays for the next one.
        Integer[] ids = new Integer[dirty.size() + 64];
        Instant[] instants = new Instant[ids.length];
        int n = 0;
        for (Map.Entry<Integer, Instant> e : dirty.entrySet()) {
            if (n == ids.length) {
                break;
            }
            ids[n] = e.getKey();
            instants[n] = e.getValue();
            n++;
        }
        int count = n;
        OffsetDateTime[] times = new OffsetDateTime[count];
        for (int i = 0; i < count; i++) {
            times[i] = instants[i].atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(UPDATE).execute(Tuple.of(Arrays.copyOf(ids, count), times))
                .invoke(rows -> {
                    statements.increment();
                    batchSize.record(count);
                    for (int i = 0; i < count; i++) {
                        dirty.remove(ids[i], instants[i]);
                    }
                })
                .map(rows -> count)
                .onFailure().invoke(e -> {
                    failures.increment();
                    Log.warnf("last_seen_at flush of %d devices failed, retrying next time: %s", count, e.getMessage());
                })
                .eventually(() -> flushing.set(false));
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            Log.warnf("Final last_seen_at flush failed: %s", e.getMessage());
        }
    }
}
