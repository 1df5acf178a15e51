package org.opmas.common.settings.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code opmas_config} rows for the settings API. Settings are shared by every tenant (the table has no
 * tenant and no tenant policy), so these queries need no tenant scope; which keys the service's role may
 * write is row-level security of migration V9.
 */
@ApplicationScoped
public class SettingsRepository {

    private static final String COLUMNS = "key, value::text AS value, description, created_at, updated_at";

    private final Pool pool;
    private final ObjectMapper mapper = new ObjectMapper();

    public SettingsRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every row whose key starts with one of {@code prefixes} (all rows the role can read when empty), by key. */
    public Uni<List<SettingRow>> list(List<String> prefixes) {
        Uni<RowSet<Row>> rows = prefixes.isEmpty()
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM opmas_config ORDER BY key").execute()
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM opmas_config WHERE EXISTS (SELECT 1 FROM"
                        + " unnest($1::text[]) AS p(prefix) WHERE starts_with(key, p.prefix)) ORDER BY key")
                        .execute(Tuple.of(prefixes.toArray(new String[0])));
        return rows.map(set -> {
            List<SettingRow> out = new ArrayList<>();
            set.forEach(row -> out.add(toRow(row)));
            return out;
        });
    }

    public Uni<Optional<SettingRow>> find(String key) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM opmas_config WHERE key = $1")
                .execute(Tuple.of(key))
                .map(set -> set.rowCount() == 0 ? Optional.empty() : Optional.of(toRow(set.iterator().next())));
    }

    /** Creates or replaces; a null description keeps the existing one. */
    public Uni<SettingRow> upsert(String key, JsonNode storedValue, String description) {
        return pool.preparedQuery("INSERT INTO opmas_config (key, value, description) VALUES ($1, $2::text::jsonb, $3)"
                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
                + " description = COALESCE(EXCLUDED.description, opmas_config.description), updated_at = now()"
                + " RETURNING " + COLUMNS)
                .execute(Tuple.of(key, storedValue.toString(), description))
                .map(set -> toRow(set.iterator().next()));
    }

    /** True when a row was deleted. */
    public Uni<Boolean> delete(String key) {
        return pool.preparedQuery("DELETE FROM opmas_config WHERE key = $1")
                .execute(Tuple.of(key))
                .map(set -> set.rowCount() > 0);
    }

    private SettingRow toRow(Row row) {
        JsonNode value;
        try {
            value = mapper.readTree(row.getString("value"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("opmas_config." + row.getString("key") + " holds unreadable JSON", e);
        }
        return new SettingRow(row.getString("key"), value, row.getString("description"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
