package org.opmas.finding.finding.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.opmas.finding.finding.FindingRow;
import org.opmas.schema.EventJson;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes to findings and its side tables inside the caller's Hibernate Reactive transaction (the one
 * {@link org.opmas.common.outbox.Outbox} writes the events in).
 *
 * <p>Native SQL, because findings is partitioned with a composite key and most columns are JSONB or
 * computed in SQL. Values travel as one JSON text parameter cast to jsonb: that keeps nulls typed
 * (an untyped null parameter cannot be bound) and rows come back as {@code to_jsonb(row)} text, read
 * into {@link FindingRow} with the shared mapper.
 */
@ApplicationScoped
public class FindingWriteRepository {

    static final String ROW = "to_jsonb(%s)::text";

    private static final String INSERT = """
            WITH j AS (SELECT CAST(CAST(?1 AS text) AS jsonb) AS v),
            i AS (INSERT INTO findings (agent_id, device_id, rule_id, finding_type, severity, description, details,
                      status, fingerprint, occurrence_count, first_seen_at, last_seen_at, shadow, detection_id,
                      last_event_at)
                  SELECT (v->>'agent_id')::int, (v->>'device_id')::int, (v->>'rule_id')::int, v->>'finding_type',
                      v->>'severity', v->>'description', NULLIF(v->'details', 'null'::jsonb), 'new', v->>'fingerprint',
                      (v->>'occurrence_count')::bigint, (v->>'first_seen_at')::timestamptz,
                      (v->>'last_seen_at')::timestamptz, (v->>'shadow')::boolean, (v->>'detection_id')::uuid,
                      CURRENT_TIMESTAMP
                  FROM j RETURNING *)
            SELECT to_jsonb(i)::text FROM i""";

    /** Every mutable column is written from the JSON; the caller holds the fingerprint lock. */
    private static final String SAVE = """
            WITH j AS (SELECT CAST(CAST(?1 AS text) AS jsonb) AS v),
            u AS (UPDATE findings f SET
                      severity = v->>'severity',
                      description = v->>'description',
                      details = NULLIF(v->'details', 'null'::jsonb),
                      status = v->>'status',
                      occurrence_count = (v->>'occurrence_count')::bigint,
                      first_seen_at = (v->>'first_seen_at')::timestamptz,
                      last_seen_at = (v->>'last_seen_at')::timestamptz,
                      shadow = (v->>'shadow')::boolean,
                      rule_id = (v->>'rule_id')::int,
                      detection_id = (v->>'detection_id')::uuid,
                      acknowledged_at = (v->>'acknowledged_at')::timestamptz,
                      acknowledged_by = v->>'acknowledged_by',
                      resolved_at = (v->>'resolved_at')::timestamptz,
                      resolved_by = v->>'resolved_by',
                      resolution_reason = v->>'resolution_reason',
                      verification_state = v->>'verification_state',
                      verification_due_at = (v->>'verification_due_at')::timestamptz,
                      escalation_count = (v->>'escalation_count')::int,
                      actions_count = (v->>'actions_count')::int,
                      last_action_status = v->>'last_action_status',
                      last_event_at = (v->>'last_event_at')::timestamptz
                  FROM j
                  WHERE f.id = (v->>'id')::int AND f.created_at = (v->>'created_at')::timestamptz
                  RETURNING f.*)
            SELECT to_jsonb(u)::text FROM u""";

    /**
     * Serialises writers of one fingerprint (ingest, lifecycle, action results, verification) for the
     * rest of the transaction. Always taken before any row lock, so the writers cannot deadlock.
     */
    public Uni<Void> lockFingerprint(String fingerprint) {
        return session().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('opmas.finding:' || CAST(?1 AS text)))) l")
                .setParameter(1, fingerprint)
                .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Records detection ids as seen; emits the ids that were new (the others are replays). Duplicates
     * within the list count once.
     */
    public Uni<List<UUID>> claimDetections(JsonNode detections) {
        return texts("""
                WITH d AS (SELECT * FROM jsonb_to_recordset(CAST(CAST(?1 AS text) AS jsonb))
                               AS x(detection_id uuid, fingerprint text, detected_at timestamptz)),
                ins AS (INSERT INTO finding_detections (detection_id, fingerprint, detected_at)
                        SELECT detection_id, fingerprint, detected_at FROM d
                        ON CONFLICT (detection_id) DO NOTHING RETURNING detection_id)
                SELECT detection_id::text FROM ins""", detections.toString())
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    public Uni<Integer> linkDetections(FindingRow finding, Collection<UUID> detectionIds) {
        return session().chain(s -> s.createNativeQuery("""
                        UPDATE finding_detections SET finding_id = CAST(?1 AS int), finding_created_at = CAST(CAST(?2 AS text) AS timestamptz)
                        WHERE detection_id = ANY(CAST(CAST(?3 AS text) AS uuid[]))""")
                .setParameter(1, (int) finding.id())
                .setParameter(2, finding.createdAt().toString())
                .setParameter(3, uuidArray(detectionIds))
                .executeUpdate());
    }

    /** The open finding of a fingerprint, or null. */
    public Uni<FindingRow> findOpen(String fingerprint) {
        return row("""
                SELECT to_jsonb(f)::text FROM finding_open_fingerprints o
                JOIN findings f ON f.id = o.finding_id AND f.created_at = o.finding_created_at
                WHERE o.fingerprint = CAST(?1 AS text)""", fingerprint);
    }

    /** The finding with this id (any partition), row-locked for the transaction; null if there is none. */
    public Uni<FindingRow> lockById(long id) {
        return row("SELECT to_jsonb(f)::text FROM findings f WHERE f.id = CAST(CAST(?1 AS text) AS int) FOR UPDATE", Long.toString(id));
    }

    /** Reads without locking (to learn the fingerprint before taking its lock). */
    public Uni<FindingRow> findById(long id) {
        return row("SELECT to_jsonb(f)::text FROM findings f WHERE f.id = CAST(CAST(?1 AS text) AS int)", Long.toString(id));
    }

    public Uni<FindingRow> insert(JsonNode values) {
        return row(INSERT, values.toString());
    }

    public Uni<FindingRow> save(JsonNode row) {
        return row(SAVE, row.toString());
    }

    /** Marks the finding as the open one of its fingerprint; the primary key rejects a second. */
    public Uni<Integer> markOpen(FindingRow finding) {
        return session().chain(s -> s.createNativeQuery("""
                        INSERT INTO finding_open_fingerprints (fingerprint, finding_id, finding_created_at)
                        VALUES (CAST(?1 AS text), CAST(?2 AS int), CAST(CAST(?3 AS text) AS timestamptz))""")
                .setParameter(1, finding.fingerprint())
                .setParameter(2, (int) finding.id())
                .setParameter(3, finding.createdAt().toString())
                .executeUpdate());
    }

    public Uni<Integer> markClosed(FindingRow finding) {
        return session().chain(s -> s.createNativeQuery(
                        "DELETE FROM finding_open_fingerprints WHERE fingerprint = CAST(?1 AS text) AND finding_id = CAST(?2 AS int)")
                .setParameter(1, finding.fingerprint())
                .setParameter(2, (int) finding.id())
                .executeUpdate());
    }

    /** The id of the open finding of a fingerprint, or null. */
    public Uni<Long> openFindingId(String fingerprint) {
        return texts("SELECT finding_id::text FROM finding_open_fingerprints WHERE fingerprint = CAST(?1 AS text)",
                fingerprint)
                .map(ids -> ids.isEmpty() ? null : Long.valueOf(ids.get(0)));
    }

    /**
     * Records an action outcome once per event id; emits false for a replay.
     */
    public Uni<Boolean> recordAction(JsonNode action) {
        return texts("""
                WITH j AS (SELECT CAST(CAST(?1 AS text) AS jsonb) AS v),
                ins AS (INSERT INTO finding_actions (event_id, action_id, finding_id, finding_created_at, playbook_id,
                            run_id, step_number, status, exit_code, error, dry_run, finished_at)
                        SELECT (v->>'event_id')::uuid, (v->>'action_id')::bigint, (v->>'finding_id')::int,
                            (v->>'finding_created_at')::timestamptz, (v->>'playbook_id')::bigint, (v->>'run_id')::uuid,
                            (v->>'step_number')::int, v->>'status', (v->>'exit_code')::int, v->>'error',
                            (v->>'dry_run')::boolean, (v->>'finished_at')::timestamptz
                        FROM j ON CONFLICT (event_id) DO NOTHING RETURNING event_id)
                SELECT event_id::text FROM ins""", action.toString())
                .map(ids -> !ids.isEmpty());
    }

    private Uni<FindingRow> row(String sql, String parameter) {
        return texts(sql, parameter).map(rows -> rows.isEmpty() ? null : read(rows.get(0)));
    }

    private Uni<List<String>> texts(String sql, String parameter) {
        return session().chain(s -> s.createNativeQuery(sql).setParameter(1, parameter).getResultList())
                .map(rows -> {
                    List<String> texts = new ArrayList<>(rows.size());
                    for (Object row : rows) {
                        texts.add(row == null ? null : row.toString());
                    }
                    return texts;
                });
    }

    public static FindingRow read(String json) {
        return EventJson.fromJson(json, FindingRow.class);
    }

    private static String uuidArray(Collection<UUID> ids) {
        StringBuilder array = new StringBuilder("{");
        for (UUID id : ids) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(id);
        }
        return array.append('}').toString();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
