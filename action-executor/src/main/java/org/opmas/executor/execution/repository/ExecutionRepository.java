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
import org.opmas.executor.execution.ClaimedAction;
import org.opmas.executor.execution.Execution;
import org.opmas.schema.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Queries on intended_actions. Every state change is a compare-and-set on {@code status}, so two
 * executors (or a redelivered event) can never both run or both finish the same action.
 */
@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, Integer> {

    /** The claim of the cross-service contract (docs/EXECUTOR.md). */
    static final String CLAIM = "UPDATE intended_actions SET status = 'running', started_at = now(), attempts = attempts + 1"
            + " WHERE id = $1 AND status IN ('pending', 'approved') AND scheduled_at IS NOT NULL"
            + " RETURNING id, device_id, finding_id, playbook_id, run_id, step_number, action_config::text AS action_config,"
            + " dry_run, started_at, deadline_at, timeout_seconds, retry_count";

    static final String FINISH = "UPDATE intended_actions SET status = ?1, executed_at = ?2, result = CAST(CAST(?3 AS text) AS jsonb),"
            + " attempts = GREATEST(attempts, ?4) WHERE id = ?5 AND status = 'running' AND started_at = ?6";

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

    private static final String IS_FINAL_STEP =
            "SELECT NOT EXISTS (SELECT 1 FROM intended_actions WHERE run_id = ?1 AND step_number > ?2)";

    /**
     * Whether no later step exists in the run, so a success of this step completes the playbook run.
     * On the caller's session: taking a second pool connection inside the finishing transaction
     * deadlocks the pool when as many workers as connections finish at once.
     */
    public Uni<Boolean> isFinalStep(java.util.UUID runId, int stepNumber) {
        if (runId == null) {
            return Uni.createFrom().item(true);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(IS_FINAL_STEP, Boolean.class)
                .setParameter(1, runId)
                .setParameter(2, stepNumber)
                .getSingleResult());
    }

    /** Records the outcome if this claim still holds; inside the caller's transaction. */
    public Uni<Boolean> finish(ClaimedAction action, String status, Instant executedAt, Map<String, Object> result,
            int attempts) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FINISH)
                .setParameter(1, status)
                .setParameter(2, utc(executedAt))
                .setParameter(3, json(result))
                .setParameter(4, attempts)
                .setParameter(5, (int) action.id())
                .setParameter(6, utc(action.startedAt()))
                .executeUpdate())
                .map(updated -> updated == 1);
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
        try {
            return new ClaimedAction(row.getInteger("id"), device == null ? 0 : device,
                    finding == null ? null : finding.longValue(), playbook == null ? 0 : playbook,
                    row.getUUID("run_id"), step == null ? 1 : step,
                    EventJson.mapper().readTree(row.getString("action_config")),
                    Boolean.TRUE.equals(row.getBoolean("dry_run")),
                    row.getOffsetDateTime("started_at").toInstant(), deadline == null ? null : deadline.toInstant(),
                    row.getInteger("timeout_seconds"), row.getInteger("retry_count"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("intended_actions.action_config of " + row.getInteger("id")
                    + " is not JSON", e);
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
