package org.opmas.common.outbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.OpmasEvent;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes events into this service's outbox table inside the caller's Hibernate Reactive
 * transaction, so the event exists if and only if the business change commits.
 * {@link OutboxRelay} publishes it afterwards. Call from a {@code @WithTransaction} method:
 *
 * <pre>{@code
 * @WithTransaction
 * Uni<Device> create(Device device) {
 *     return device.persist().call(d -> outbox.append(DeviceChangedEvent.upserted(d)));
 * }
 * }</pre>
 */
@ApplicationScoped
public class Outbox {

    private final OutboxConfig config;

    public Outbox(OutboxConfig config) {
        this.config = config;
    }

    /**
     * Appends an OPMAS event: topic, key, ce_type and ce_id come from the event, and its event time
     * becomes the row's {@code created_at}, which the relay sends as {@code ce_time}.
     */
    public Uni<UUID> append(OpmasEvent event) {
        return append(event.id(), event.topic(), event.kafkaKey(), event.eventType(), event, event.eventTime());
    }

    /**
     * Appends an event with a new random id.
     *
     * @param payload a JsonNode, a JSON string, or an object serialized with {@link EventJson}
     * @return the event id, which the relay sends as {@code ce_id}
     */
    public Uni<UUID> append(String topic, String key, String eventType, Object payload) {
        return append(UUID.randomUUID(), topic, key, eventType, payload, null);
    }

    /**
     * Appends an event with the given id (for ids derived from the change, so a retried request
     * cannot create a second event: the unique {@code event_id} rejects it).
     *
     * @param time the ce_time, or null for the transaction's time
     */
    public Uni<UUID> append(UUID eventId, String topic, String key, String eventType, Object payload, Instant time) {
        if (eventId == null || topic == null || eventType == null || payload == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "eventId, topic, eventType and payload are required"));
        }
        OutboxSql sql;
        String json;
        try {
            sql = new OutboxSql(config.table().orElseThrow(
                    () -> new IllegalStateException("opmas.outbox.table is not set: this service has no outbox")));
            json = toJson(payload);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "Outbox.append must run inside @WithTransaction (or Panache.withTransaction): "
                                + "the event has to commit with the change"))
                .chain(() -> Panache.getSession())
                .chain(session -> insert(session, sql, eventId, topic, key, eventType, json, time)
                        .chain(() -> notifyCommitted(session, sql)))
                .replaceWith(eventId);
    }

    private static Uni<Integer> insert(Mutiny.Session session, OutboxSql sql, UUID eventId, String topic, String key,
            String eventType, String json, Instant time) {
        Mutiny.Query<Object> query = session.createNativeQuery(time == null ? sql.insert() : sql.insertWithTime());
        query.setParameter(1, eventId);
        query.setParameter(2, topic);
        query.setParameter(3, key);
        query.setParameter(4, eventType);
        query.setParameter(5, json);
        if (time != null) {
            query.setParameter(6, time.atOffset(ZoneOffset.UTC));
        }
        return query.executeUpdate();
    }

    private Uni<Void> notifyCommitted(Mutiny.Session session, OutboxSql sql) {
        if (!config.notifyOnCommit()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(sql.notifyCommitted()).getSingleResult().replaceWithVoid();
    }

    static String toJson(Object payload) {
        if (payload instanceof String s) {
            return s;
        }
        if (payload instanceof JsonNode node) {
            return node.toString();
        }
        return EventJson.toJson(payload);
    }
}
