package org.opmas.common.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.opmas.common.messaging.CloudEventAttributes;
import org.opmas.common.messaging.EventsConfig;
import org.opmas.common.messaging.KafkaCloudEvents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker has acknowledged them.
 *
 * <p>Each batch is one database transaction: lock the batch ({@code FOR UPDATE SKIP LOCKED}, behind
 * a per-table advisory lock so only one replica relays at a time and per-key order holds), send
 * every row through the {@value #CHANNEL} channel to the topic stored in the row, wait for the acks,
 * delete the acknowledged rows, commit. A row whose send fails stays and is sent again next round:
 * delivery is at least once and consumers deduplicate by {@code ce_id} (the row's event_id).
 *
 * <p>A Vert.x timer drives the loop rather than {@code @Scheduled}: Quarkus' simple scheduler
 * checks its triggers once a second, too coarse for a 100 ms poll. Full batches are followed at
 * once by the next; only a partial batch waits {@code opmas.outbox.poll-interval}. One loop per
 * instance, so runs never overlap.
 */
@ApplicationScoped
@Unremovable // its emitter defines the outbox channel, and its startup observer starts the loop
public class OutboxRelay {

    public static final String CHANNEL = "outbox";

    /** Outbox ids are BIGSERIAL, never negative. */
    private static final long NOT_PUBLISHED = -1L;

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final EventsConfig events;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final AtomicLong pending = new AtomicLong();

    private volatile boolean running;
    private volatile long timerId = -1;
    private volatile Instant nextCount = Instant.MIN;
    private volatile boolean failing;
    /** A round is in flight (tick() → drain → schedule); a notification then only asks for another. */
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private PgSubscriber subscriber;
    private OutboxSql sql;
    private Counter errors;

    public OutboxRelay(Pool pool,
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter,
            OutboxConfig config, EventsConfig events, MeterRegistry registry, Vertx vertx) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.events = events;
        this.registry = registry;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        if (config.table().isEmpty()) {
            Log.debug("No opmas.outbox.table: outbox relay idle");
            return;
        }
        sql = new OutboxSql(config.table().get());
        errors = Counter.builder("opmas.outbox.relay.errors")
                .description("Outbox relay rounds that failed (rows stay and are retried)")
                .tag("table", sql.table)
                .register(registry);
        Gauge.builder("opmas.outbox.pending", pending, AtomicLong::get)
                .description("Rows waiting in the outbox table")
                .tag("table", sql.table)
                .register(registry);
        if (!config.enabled()) {
            Log.infof("Outbox relay for %s disabled (opmas.outbox.enabled=false)", sql.table);
            return;
        }
        running = true;
        Log.infof("Outbox relay for %s started: batch %d, poll every %s%s", sql.table, config.batchSize(),
                config.pollInterval(), config.notifyOnCommit() ? ", woken on commit (LISTEN " + sql.channel() + ")" : "");
        schedule(1);
        if (config.notifyOnCommit()) {
            listen();
        }
    }

    /**
     * LISTEN on a connection of its own (a pooled one would be handed back). If it cannot connect or
     * drops, the subscriber reconnects every second and polling carries on meanwhile: a notification
     * only makes the relay earlier, never is it needed for correctness.
     */
    private void listen() {
        Config settings = ConfigProvider.getConfig();
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(settings.getValue("quarkus.datasource.reactive.url", String.class)
                    .replaceFirst("^vertx-reactive:", ""));
            settings.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
            settings.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        } catch (RuntimeException e) {
            Log.warnf("Outbox relay for %s cannot LISTEN (%s); it polls every %s", sql.table, e.getMessage(),
                    config.pollInterval());
            return;
        }
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(sql.channel()).handler(payload -> wake());
        subscriber.connect().onFailure(e -> Log.warnf("Outbox relay for %s cannot LISTEN yet (%s); polling, retrying",
                sql.table, e.getMessage()));
    }

    /** Runs a round now, or right after the one in flight. */
    void wake() {
        if (!running) {
            return;
        }
        wakeRequested.set(true);
        if (!draining.get() && vertx.cancelTimer(timerId)) {
            tick();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (subscriber != null) {
            subscriber.close();
        }
        long id = timerId;
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    /** True while the background loop runs. */
    public boolean isRunning() {
        return running;
    }

    /** Rows pending at the last count. */
    public long pending() {
        return pending.get();
    }

    /**
     * Relays batches until one is not full; emits the number of rows published. The background loop
     * calls this; tests and admin endpoints may too (the advisory lock keeps concurrent calls apart).
     */
    public Uni<Integer> drain() {
        return relayBatch().chain(published -> published >= config.batchSize() && running
                ? drain().map(more -> published + more)
                : Uni.createFrom().item(published));
    }

    /** Relays one batch; emits the number of rows published and deleted. */
    public Uni<Integer> relayBatch() {
        if (sql == null) {
            return Uni.createFrom().failure(new IllegalStateException("opmas.outbox.table is not set"));
        }
        Context context = vertx.getOrCreateContext();
        return pool.withTransaction(connection -> connection.preparedQuery(sql.tryLock())
                .execute(Tuple.of(sql.lockKey()))
                .chain(lock -> Boolean.TRUE.equals(lock.iterator().next().getBoolean("locked"))
                        ? relayLocked(connection, context)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> relayLocked(SqlConnection connection, Context context) {
        return connection.preparedQuery(sql.selectBatch())
                .execute(Tuple.of(config.batchSize()))
                .map(OutboxRelay::records)
                .chain(records -> publish(records)
                        // Acks arrive on a Kafka thread; the connection belongs to this context.
                        .emitOn(task -> context.runOnContext(ignored -> task.run()))
                        .chain(publishedIds -> delete(connection, publishedIds)));
    }

    /** Sends every record; emits the ids the broker acknowledged. */
    private Uni<List<Long>> publish(List<OutboxRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String source = config.source().orElse(events.source());
        List<Uni<Long>> sends = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            sends.add(emitter.sendMessage(toMessage(record, source))
                    .onItem().transform(ignored -> {
                        published(record.topic()).increment();
                        return record.id();
                    })
                    .onFailure().recoverWithItem(failure -> {
                        Log.warnf(failure, "Outbox %s: publishing event %s to %s failed; will retry", sql.table,
                                record.eventId(), record.topic());
                        return NOT_PUBLISHED;
                    }));
        }
        return Uni.join().all(sends).andFailFast()
                .ifNoItem().after(config.publishTimeout()).fail()
                .map(ids -> ids.stream().filter(id -> id != NOT_PUBLISHED).toList());
    }

    private Uni<Integer> delete(SqlConnection connection, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return connection.preparedQuery(sql.deleteByIds())
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .map(RowSet::rowCount);
    }

    static Message<String> toMessage(OutboxRecord record, String source) {
        CloudEventAttributes attributes = CloudEventAttributes.of(record.eventId(), record.eventType(), source,
                record.createdAt());
        return KafkaCloudEvents.message(record.payload(), record.topic(), record.messageKey(), attributes);
    }

    private static List<OutboxRecord> records(RowSet<Row> rows) {
        List<OutboxRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            records.add(new OutboxRecord(row.getLong("id"), row.getUUID("event_id"), row.getString("topic"),
                    row.getString("message_key"), row.getString("event_type"), row.getString("payload"),
                    row.getOffsetDateTime("created_at") == null ? null
                            : row.getOffsetDateTime("created_at").toInstant()));
        }
        return records;
    }

    private Counter published(String topic) {
        return Counter.builder("opmas.outbox.published")
                .description("Outbox events the broker acknowledged")
                .tag("table", sql.table)
                .tag("topic", topic)
                .register(registry);
    }

    private void schedule(long delayMillis) {
        if (running) {
            timerId = vertx.setTimer(Math.max(1, delayMillis), id -> tick());
        }
    }

    private void tick() {
        if (!running || !draining.compareAndSet(false, true)) {
            return;
        }
        wakeRequested.set(false);
        drain().chain(this::countIfDue)
                .onTermination().invoke(() -> draining.set(false))
                .subscribe().with(
                        published -> {
                            if (failing) {
                                failing = false;
                                Log.infof("Outbox relay for %s recovered", sql.table);
                            }
                            schedule(wakeRequested.getAndSet(false) ? 1 : config.pollInterval().toMillis());
                        },
                        failure -> {
                            errors.increment();
                            if (!failing) {
                                failing = true;
                                Log.warnf(failure, "Outbox relay for %s failed; rows stay and are retried",
                                        sql.table);
                            } else {
                                Log.debugf(failure, "Outbox relay for %s still failing", sql.table);
                            }
                            // Back off a little while the broker or database is away.
                            schedule(Math.max(config.pollInterval().toMillis(), 1000));
                        });
    }

    private Uni<Integer> countIfDue(int published) {
        Instant now = Instant.now();
        if (now.isBefore(nextCount)) {
            return Uni.createFrom().item(published);
        }
        nextCount = now.plus(config.pendingRefresh());
        return pool.preparedQuery(sql.count()).execute()
                .map(rows -> {
                    pending.set(rows.iterator().next().getLong("pending"));
                    return published;
                });
    }
}
