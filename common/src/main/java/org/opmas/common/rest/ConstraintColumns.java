package org.opmas.common.rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The columns of a named constraint, from the PostgreSQL catalog. Hibernate Reactive rethrows a
 * database error as a new SQLException that keeps the SQLState and message but drops
 * PostgreSQL's detail ({@code Key (hostname)=(r1) already exists}), so the constraint name is all
 * that is left to find the field by. Answers are cached: constraints change only with migrations.
 */
@ApplicationScoped
public class ConstraintColumns {

    private static final int MAX_CACHED = 2000;

    private static final String QUERY = "SELECT c.conrelid::bigint AS rel, a.attname AS column_name,"
            + " array_position(c.conkey, a.attnum) AS position"
            + " FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
            + " WHERE c.conname = $1 ORDER BY rel, position";

    private final Instance<Pool> pool;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    public ConstraintColumns(Instance<Pool> pool) {
        this.pool = pool;
    }

    /** The constraint's columns in key order; empty when unknown or the name is ambiguous. */
    public Uni<List<String>> columns(String constraint) {
        if (constraint == null || !pool.isResolvable()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> cached = cache.get(constraint);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.get().preparedQuery(QUERY).execute(Tuple.of(constraint))
                .map(rows -> {
                    Set<Long> relations = new HashSet<>();
                    List<String> columns = new ArrayList<>();
                    for (Row row : rows) {
                        relations.add(row.getLong("rel"));
                        columns.add(row.getString("column_name"));
                    }
                    // The same check or foreign-key name on two tables says nothing about which one failed.
                    List<String> answer = relations.size() == 1 ? List.copyOf(columns) : List.of();
                    if (cache.size() < MAX_CACHED) {
                        cache.put(constraint, answer);
                    }
                    return answer;
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf(failure, "Cannot look up the columns of constraint %s", constraint);
                    return List.of();
                });
    }
}
