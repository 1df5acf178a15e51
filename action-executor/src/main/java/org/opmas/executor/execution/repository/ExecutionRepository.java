package org.opmas.executor.execution.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.executor.device.repository.DeviceConnectionRepository;
import org.opmas.executor.execution.ClaimedAction;
import org.opmas.executor.execution.Execution;
import org.opmas.schema.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Queries on intended_actions. Every state change is a compare-and-set on {@code status}, so two
 * executors (or a redelivered event) can never both run or both finish the same action. The hot
 * path is two statements per action on purpose (claim, finish; see their SQL): every action of a
 * fleet run goes through them, against the database all services share.
 */
@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, Integer> {

    /**
     * The claim of the cross-service contract (docs/EXECUTOR.md), and in the same round trip what
     * running the action needs next: whether a later step of its run exists (a run's steps are all
     * planned at once, so the answer cannot change before the finish) and the device with its
     * newest active key and recorded pin (DeviceConnectionRepository's columns).
     * Only a claimed row comes back, so a lost claim reads nothing else.
     */
    static final String CLAIM = "WITH claimed AS (UPDATE intended_actions SET status = 'running', started_at = now(),"
            + " attempts = attempts + 1"
            + " WHERE id = $1 AND status IN ('pending', 'approved') AND scheduled_at IS NOT NULL"
            + " RETURNING id, device_id, finding_id, playbook_id, run_id, step_number, action_config, dry_run, started_at,"
            + " deadline_at, timeout_seconds, retry_count)"
            + " SELECT c.id, c.device_id, c.finding_id, c.playbook_id, c.run_id, c.step_number,"
            + " c.action_config::text AS action_config, c.dry_run, c.started_at, c.deadline_at, c.timeout_seconds,"
            + " c.retry_count,"
            + " NOT EXISTS (SELECT 1 FROM intended_actions later"
            + "   WHERE later.run_id = c.run_id AND later.step_number > c.step_number) AS final_step,"
            + " " + DeviceConnectionRepository.CONNECTION_COLUMNS
            + " FROM claimed c"
            + " LEFT JOIN devices d ON d.id = c.device_id"
            + DeviceConnectionRepository.CONNECTION_JOINS;

    /**
     * Records the outcome if the claim still holds, and drops the durable queue entry either way
     * (a claim lost to the stale sweep was closed, and unqueued, by it): one statement. Emits
     * whether the outcome was recorded.
     */
    static final String FINISH_AND_UNQUEUE = "WITH finished AS (UPDATE intended_actions SET status = ?1, executed_at = ?2,"
            + " result = CAST(CAST(?3 AS text) AS jsonb), attempts = GREATEST(attempts, ?4)"
            + " WHERE id = ?5 AND status = 'running' AND started_at = ?6 RETURNING id),"
            + " unqueued AS (DELETE FROM executor_queue WHERE action_id = ?5)"
            + " SELECT EXISTS (SELECT 1 FROM finished)";

    static final String CANCEL = "UPDATE intended_actions SET status = 'cancelled', executed_at = ?1,"
            + " result = CAST(CAST(?2 AS text) AS jsonb) WHERE id = ?3 AND status IN ('pending', 'approved', 'awaiting_approval')";

    static final String CLOSE_STALE = "UPDATE intended_actions SET status = 'failed', executed_at = ?1,"
            + " result = CAST(CAST(?2 AS text) AS jsonb) WHERE id = ?3 AND status = 'running' AND started_at = ?4";

    private final Pool pool;

    public ExecutionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Moves a ready action to running; empty if it is not claimable (already taken, finished, not ready). */
    public Uni<Optional<ClaimedAction>> claim(long actionId) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of((int) actionId))
                .map(rows -> rows.rowCount() == 0 ? Optional.<ClaimedAction>empty()
                        : Optional.of(toClaimed(rows.iterator().next())));
    }

    /**
     * Records the outcome if this claim still holds and removes the action from the durable queue;
     * inside the caller's transaction (the result event is appended to the outbox in it).
     */
    public Uni<Boolean> finishAndUnqueue(ClaimedAction action, String status, Instant executedAt,
            Map<String, Object> result, int attempts) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FINISH_AND_UNQUEUE, Boolean.class)
                .setParameter(1, status)
                .setParameter(2, utc(executedAt))
                .setParameter(3, json(result))
                .setParameter(4, attempts)
                .setParameter(5, (int) action.id())
                .setParameter(6, utc(action.startedAt()))
                .getSingleResult());
    }

    /** Cancels a queued action; inside the caller's transaction. */
    public Uni<Boolean> cancel(int id, Instant at, Map<String, Object> result) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CANCEL)
                .setParameter(1, utc(at))
                .setParameter(2, json(result))
                .setParameter(3, id)
                .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Closes one stale running action as failed; inside the caller's transaction. */
    public Uni<Boolean> closeStale(Execution execution, Instant at, Map<String, Object> result) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLOSE_STALE)
                .setParameter(1, utc(at))
                .setParameter(2, json(result))
                .setParameter(3, execution.id)
                .setParameter(4, utc(execution.startedAt))
                .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Running actions whose deadline (or start, without one) is before the cutoff. */
    public Uni<List<Execution>> findStale(Instant cutoff, int limit) {
        return find("status = 'running' and coalesce(deadlineAt, startedAt) < ?1 order by id", cutoff)
                .page(0, limit).list();
    }

    /** Filtered, sorted page of executions. */
    public Uni<List<Execution>> list(ExecutionFilter filter, SortSpec sort, Paging paging) {
        Where where = where(filter);
        return find(where.query, sort.toPanache(), where.params).page(paging.toPanache()).list();
    }

    public Uni<Long> count(ExecutionFilter filter) {
        Where where = where(filter);
        return count(where.query, where.params);
    }

    private record Where(String query, Map<String, Object> params) {
    }

    private static Where where(ExecutionFilter filter) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.status() != null) {
            clauses.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.deviceId() != null) {
            clauses.add("deviceId = :deviceId");
            params.put("deviceId", filter.deviceId());
        }
        if (filter.runId() != null) {
            clauses.add("runId = :runId");
            params.put("runId", filter.runId());
        }
        if (filter.actionType() != null) {
            clauses.add("actionType = :actionType");
            params.put("actionType", filter.actionType());
        }
        if (filter.since() != null) {
            clauses.add("createdAt >= :since");
            params.put("since", filter.since());
        }
        if (filter.executedOnly()) {
            clauses.add("status in ('running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped')");
        }
        return new Where(clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses), params);
    }

    private static ClaimedAction toClaimed(Row row) {
        OffsetDateTime deadline = row.getOffsetDateTime("deadline_at");
        Integer finding = row.getInteger("finding_id");
        Integer playbook = row.getInteger("playbook_id");
        Integer step = row.getInteger("step_number");
        Integer device = row.getInteger("device_id");
        return new ClaimedAction(row.getInteger("id"), device == null ? 0 : device,
                finding == null ? null : finding.longValue(), playbook == null ? 0 : playbook,
                row.getUUID("run_id"), step == null ? 1 : step,
                readJson(row.getString("action_config"), "intended_actions.action_config of " + row.getInteger("id")),
                Boolean.TRUE.equals(row.getBoolean("dry_run")),
                row.getOffsetDateTime("started_at").toInstant(), deadline == null ? null : deadline.toInstant(),
                row.getInteger("timeout_seconds"), row.getInteger("retry_count"),
                Boolean.TRUE.equals(row.getBoolean("final_step")), DeviceConnectionRepository.connection(row));
    }

    private static JsonNode readJson(String text, String what) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is not JSON", e);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** As JSON text, keeping null values (the shared event mapper leaves them out). */
    static String json(Map<String, Object> value) {
        com.fasterxml.jackson.databind.node.ObjectNode node = EventJson.mapper().createObjectNode();
        value.forEach((k, v) -> node.set(k, v == null ? node.nullNode() : EventJson.mapper().valueToTree(v)));
        return node.toString();
    }
}
