package org.opmas.finding.query.repository;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.finding.FindingStates;
import org.opmas.finding.finding.repository.FindingWriteRepository;
import org.opmas.finding.query.service.FindingCursor;
import org.opmas.finding.query.service.FindingQuery;
import org.opmas.schema.EventJson;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Read queries over findings with the reactive client, on the connection of the caller's tenant
 * transaction ({@link org.opmas.common.tenant.TenantScope#withTransaction(io.vertx.mutiny.sqlclient.Pool,
 * java.util.function.Function)}): row-level security then shows only the caller's tenant, so no query
 * here filters by tenant itself. SQL is built from allow-listed parts only; every value is a bind
 * parameter. The time range is written as plain {@code created_at} comparisons so PostgreSQL prunes
 * partitions.
 */
@ApplicationScoped
public class FindingReadRepository {

    public Uni<FindingRow> findById(SqlConnection connection, long id) {
        return connection.preparedQuery("SELECT to_jsonb(f)::text AS row FROM findings f WHERE f.id = $1")
                .execute(Tuple.of((int) id))
                .map(rows -> rows.size() == 0 ? null : FindingWriteRepository.read(rows.iterator().next().getString("row")));
    }

    public Uni<List<FindingRow>> list(SqlConnection connection, FindingQuery query, FindingCursor cursor, long offset,
            int limit) {
        Statement list = listStatement(query, cursor, offset, limit);
        return connection.preparedQuery(list.sql()).execute(Tuple.from(list.params()))
                .map(rows -> {
                    List<FindingRow> items = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        items.add(FindingWriteRepository.read(row.getString("row")));
                    }
                    return items;
                });
    }

    /** SQL with {@code $n} placeholders and its parameters in order (also what the query benchmark EXPLAINs). */
    public record Statement(String sql, List<Object> params) {
    }

    public static Statement listStatement(FindingQuery query, FindingCursor cursor, long offset, int limit) {
        Where where = where(query);
        String order;
        if ("severity".equals(query.sort().field())) {
            order = "CASE f.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 WHEN 'error' THEN 2 ELSE 3 END";
        } else {
            order = "f." + query.sort().property();
        }
        String dir = query.sort().direction();
        if (cursor != null) {
            boolean ascending = query.sort().ascending();
            where.add("(f.created_at, f.id) " + (ascending ? ">" : "<") + " ($%d, $%d)",
                    cursor.createdAt().atOffset(ZoneOffset.UTC), (int) cursor.id());
            // Implied by the row comparison, but PostgreSQL prunes partitions only on plain column
            // comparisons: without it a deep page would probe every partition's index.
            where.add("f.created_at " + (ascending ? ">=" : "<=") + " $%d", cursor.createdAt().atOffset(ZoneOffset.UTC));
        }
        String sql = "SELECT to_jsonb(f)::text AS row FROM " + where.source + where.sql() + " ORDER BY " + order + " " + dir
                + ", f.id " + dir + " LIMIT " + limit + (cursor == null ? " OFFSET " + offset : "");
        return new Statement(sql, where.params);
    }

    /**
     * Counts the matching rows, but stops after {@code limit + 1} when {@code limit} is not null: a
     * page's "of how many" must not cost a scan of every match (tens of thousands at a million rows).
     */
    public static Statement countStatement(FindingQuery query, Integer limit) {
        Where where = where(query);
        if (limit == null) {
            return new Statement("SELECT count(*) AS n FROM " + where.source + where.sql(), where.params);
        }
        return new Statement("SELECT count(*) AS n FROM (SELECT 1 FROM " + where.source + where.sql() + " LIMIT "
                + (limit + 1) + ") matching", where.params);
    }

    public Uni<Long> count(SqlConnection connection, FindingQuery query, Integer limit) {
        Statement count = countStatement(query, limit);
        return connection.preparedQuery(count.sql()).execute(Tuple.from(count.params()))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Where where(FindingQuery q) {
        Where w = new Where();
        if (q.deviceId() != null) {
            w.add("f.device_id = $%d", q.deviceId().intValue());
        }
        if (q.agentId() != null) {
            w.add("f.agent_id = $%d", q.agentId().intValue());
        }
        if (q.severity() != null) {
            w.add("f.severity = $%d", q.severity());
        }
        if (q.minSeverity() != null) {
            w.add("f.severity = ANY($%d)", (Object) FindingStates.atLeast(q.minSeverity()).toArray(new String[0]));
        }
        if (q.status() != null) {
            w.add("f.status = $%d", q.status());
        }
        if (q.findingType() != null) {
            w.add("f.finding_type = $%d", q.findingType());
        }
        if (q.createdAfter() != null) {
            w.add("f.created_at >= $%d", q.createdAfter().atOffset(ZoneOffset.UTC));
        }
        if (q.createdBefore() != null) {
            w.add("f.created_at < $%d", q.createdBefore().atOffset(ZoneOffset.UTC));
        }
        // Full text and JSON containment read from SECURITY DEFINER functions (V70_1) instead of the
        // table: under row-level security PostgreSQL cannot use the GIN indexes of these operators (not
        // LEAKPROOF) and would scan every partition. The functions search with the index as the owner
        // and return only rows of the transaction's tenant, the same rule as the table's policy. The
        // other filters apply to what they return.
        if (q.text() != null) {
            w.from("opmas_findings_matching_text($%d) f", q.text());
        }
        if (q.details() != null && !q.details().isEmpty()) {
            // A value that reads as a number or boolean also matches its typed form (?details.port=22
            // finds "22" and 22); the two documents cannot match the same row.
            String asText = EventJson.toJson(q.details());
            String typed = EventJson.toJson(typed(q.details()));
            Object[] documents = asText.equals(typed) ? new Object[] { asText } : new Object[] { asText, typed };
            if (q.text() != null) {
                w.add(documents.length == 1 ? "f.details @> $%d::text::jsonb"
                        : "(f.details @> $%d::text::jsonb OR f.details @> $%d::text::jsonb)", documents);
            } else {
                w.from(documents.length == 1 ? "opmas_findings_containing($%d::text::jsonb) f"
                        : "(SELECT * FROM opmas_findings_containing($%d::text::jsonb) UNION ALL "
                                + "SELECT * FROM opmas_findings_containing($%d::text::jsonb)) f", documents);
            }
        }
        return w;
    }

    private static final class Where {
        final List<String> clauses = new ArrayList<>();
        final List<Object> params = new ArrayList<>();
        String source = "findings f";

        void add(String clause, Object... values) {
            clauses.add(bind(clause, values));
        }

        void from(String from, Object... values) {
            source = bind(from, values);
        }

        private String bind(String text, Object... values) {
            Object[] positions = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                params.add(values[i]);
                positions[i] = params.size();
            }
            return String.format(text, positions);
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> typed(Map<String, Object> document) {
        Map<String, Object> copy = new LinkedHashMap<>();
        document.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested) {
                copy.put(key, typed((Map<String, Object>) nested));
            } else if (value instanceof String text && text.matches("-?(0|[1-9][0-9]{0,17})")) {
                copy.put(key, Long.parseLong(text));
            } else if ("true".equals(value) || "false".equals(value)) {
                copy.put(key, Boolean.parseBoolean((String) value));
            } else {
                copy.put(key, value);
            }
        });
        return copy;
    }

}
