package org.opmas.executor.execution.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.schema.EventJson;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The durable queue of received, unfinished intended actions (table executor_queue, ours). */
@ApplicationScoped
public class ActionQueueRepository {

    private final Pool pool;

    public ActionQueueRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a received event; a redelivered one is ignored. Emits whether it was new. */
    public Uni<Boolean> enqueue(IntendedActionEvent event) {
        return pool.preparedQuery("INSERT INTO executor_queue (action_id, device_id, event) VALUES ($1, $2, $3::text::jsonb)"
                + " ON CONFLICT (action_id) DO NOTHING")
                .execute(Tuple.of((int) event.actionId(), (int) event.deviceId(), EventJson.toJson(event)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Removes an entry outside any transaction (not claimable, cancelled). */
    public Uni<Void> remove(long actionId) {
        return pool.preparedQuery("DELETE FROM executor_queue WHERE action_id = $1").execute(Tuple.of((int) actionId))
                .replaceWithVoid();
    }

    /** Removes an entry inside the caller's Hibernate Reactive transaction (with the result). */
    public Uni<Void> removeInTransaction(long actionId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("DELETE FROM executor_queue WHERE action_id = ?1")
                .setParameter(1, (int) actionId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Entries older than {@code minAge}, oldest first. */
    public Uni<List<IntendedActionEvent>> olderThan(Duration minAge, int limit) {
        return pool.preparedQuery("SELECT event::text AS event FROM executor_queue"
                + " WHERE received_at < now() - make_interval(secs => $1) ORDER BY received_at LIMIT $2")
                .execute(Tuple.of(minAge.toMillis() / 1000.0, limit))
                .map(rows -> {
                    List<IntendedActionEvent> events = new ArrayList<>();
                    for (Row row : rows) {
                        events.add(EventJson.fromJson(row.getString("event"), IntendedActionEvent.class));
                    }
                    return events;
                });
    }

    public Uni<Long> size() {
        return pool.query("SELECT count(*) AS n FROM executor_queue").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}
