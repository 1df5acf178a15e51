package org.opmas.common.outbox;

import java.util.regex.Pattern;

/**
 * The outbox statements for one table. The table name comes from configuration and cannot be a
 * bind parameter, so it must look like an identifier before it goes into SQL.
 */
final class OutboxSql {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    final String table;

    OutboxSql(String table) {
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("opmas.outbox.table must be a lower-case SQL identifier: " + table);
        }
        this.table = table;
    }

    /**
     * Hibernate native SQL (ordinal {@code ?n} parameters). The payload is bound as text and cast:
     * bound straight to jsonb, the reactive client would store a JSON string, not the object.
     */
    String insert() {
        return "INSERT INTO " + table + " (event_id, topic, message_key, event_type, payload)"
                + " VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb))";
    }

    /** The LISTEN/NOTIFY channel that says "rows committed in this table". */
    String channel() {
        return "opmas_outbox_" + table.replace('.', '_');
    }

    /** Hibernate native SQL; PostgreSQL delivers the notification when the transaction commits. */
    String notifyCommitted() {
        return "SELECT CAST(pg_notify('" + channel() + "', '') AS text)";
    }

    String insertWithTime() {
        return "INSERT INTO " + table + " (event_id, topic, message_key, event_type, payload, created_at)"
                + " VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6)";
    }

    /**
     * One relay at a time per table: rows are handed out in id order, and a second replica working
     * the next batch in parallel could overtake the first for the same key.
     */
    String tryLock() {
        return "SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked";
    }

    String lockKey() {
        return "opmas.outbox:" + table;
    }

    /** SKIP LOCKED as well, so a relay that somehow got past the lock still never sends a row twice at once. */
    String selectBatch() {
        return "SELECT id, event_id, topic, message_key, event_type, payload::text AS payload, created_at FROM "
                + table + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
    }

    String deleteByIds() {
        return "DELETE FROM " + table + " WHERE id = ANY($1)";
    }

    String count() {
        return "SELECT count(*) AS pending FROM " + table;
    }
}
