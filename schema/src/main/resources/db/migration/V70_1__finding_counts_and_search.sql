-- Reason: issue #5 "a filtered list page, a single-device query and the statistics endpoint each answer in under 50 ms at p99 at a million findings" - hourly finding counts for statistics, and full-text / JSON-containment search that keeps its GIN indexes under row-level security.
--
-- Statistics. finding_counts holds, per UTC hour of created_at, tenant and dimension (severity, status,
-- finding_type, device_id), how many findings there are with each value: the statistics endpoint reads
-- these few rows for whole hours instead of aggregating every finding of the range (it still reads the
-- findings themselves for the partial hours at either end, so answers stay exact). Writers never touch
-- finding_counts directly: statement-level triggers on findings append +1/-1 rows to finding_count_deltas
-- (insert-only, so concurrent writers never wait on or deadlock over a shared counter row), and
-- finding_counts_compact(), run every few seconds by finding-service, folds them in. A reader sums both.

CREATE TABLE finding_counts (
    hour      TIMESTAMPTZ NOT NULL,
    tenant_id TEXT        NOT NULL,
    dimension TEXT        NOT NULL,
    value     TEXT        NOT NULL,
    n         INTEGER     NOT NULL,
    -- n included: the statistics query is an index-only scan of one dimension's hours.
    CONSTRAINT pk_finding_counts PRIMARY KEY (dimension, hour, tenant_id, value) INCLUDE (n),
    CONSTRAINT ck_finding_counts_dimension CHECK (dimension IN ('severity', 'status', 'finding_type', 'device_id'))
);

CREATE TABLE finding_count_deltas (
    hour      TIMESTAMPTZ NOT NULL,
    tenant_id TEXT        NOT NULL,
    dimension TEXT        NOT NULL,
    value     TEXT        NOT NULL,
    delta     INTEGER     NOT NULL
);
CREATE INDEX idx_finding_count_deltas_dimension_hour ON finding_count_deltas (dimension, hour);

-- Inserted rows count +1, deleted rows -1: both triggers name their transition table changed_rows.
CREATE FUNCTION opmas_findings_count_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO finding_count_deltas (hour, tenant_id, dimension, value, delta)
    SELECT date_trunc('hour', r.created_at), r.tenant_id, d.dimension, d.value,
           CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
    FROM changed_rows r
    CROSS JOIN LATERAL (VALUES ('severity', r.severity::text), ('status', coalesce(r.status::text, '')),
                               ('finding_type', r.finding_type::text), ('device_id', coalesce(r.device_id::text, ''))
                       ) AS d (dimension, value);
    RETURN NULL;
END
$$;

-- Only the dimensions whose value (or whose tenant) changed: a storm's repeat detections update
-- counts and timestamps of the same finding thousands of times and must add nothing here.
CREATE FUNCTION opmas_findings_count_updated() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO finding_count_deltas (hour, tenant_id, dimension, value, delta)
    SELECT c.hour, c.tenant_id, c.dimension, c.value, c.delta
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id AND n.created_at = o.created_at
    CROSS JOIN LATERAL (VALUES
        ('severity', o.severity::text, n.severity::text),
        ('status', coalesce(o.status::text, ''), coalesce(n.status::text, '')),
        ('finding_type', o.finding_type::text, n.finding_type::text),
        ('device_id', coalesce(o.device_id::text, ''), coalesce(n.device_id::text, ''))) AS d (dimension, old_value, new_value)
    CROSS JOIN LATERAL (VALUES
        (date_trunc('hour', o.created_at), o.tenant_id, d.dimension, d.old_value, -1),
        (date_trunc('hour', n.created_at), n.tenant_id, d.dimension, d.new_value, 1)) AS c (hour, tenant_id, dimension, value, delta)
    WHERE d.old_value IS DISTINCT FROM d.new_value OR o.tenant_id IS DISTINCT FROM n.tenant_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER trg_findings_count_inserted AFTER INSERT ON findings
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION opmas_findings_count_rows();
CREATE TRIGGER trg_findings_count_updated AFTER UPDATE ON findings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opmas_findings_count_updated();
CREATE TRIGGER trg_findings_count_deleted AFTER DELETE ON findings
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION opmas_findings_count_rows();

-- Folds the deltas committed so far into finding_counts; returns how many delta rows it folded.
-- One compaction at a time (advisory lock; a second caller returns 0 at once), rows in key order.
CREATE FUNCTION finding_counts_compact() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    folded bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('opmas.finding_counts.compact')) THEN
        RETURN 0;
    END IF;
    WITH moved AS (
        DELETE FROM finding_count_deltas RETURNING hour, tenant_id, dimension, value, delta
    ), summed AS (
        SELECT dimension, hour, tenant_id, value, sum(delta) AS n, count(*) AS rows_folded
        FROM moved GROUP BY dimension, hour, tenant_id, value
    ), upserted AS (
        INSERT INTO finding_counts AS c (dimension, hour, tenant_id, value, n)
        SELECT dimension, hour, tenant_id, value, n FROM summed ORDER BY dimension, hour, tenant_id, value
        ON CONFLICT (dimension, hour, tenant_id, value) DO UPDATE SET n = c.n + EXCLUDED.n
    )
    SELECT coalesce(sum(rows_folded), 0) INTO folded FROM summed;
    DELETE FROM finding_counts WHERE n = 0;
    RETURN folded;
END
$$;

INSERT INTO finding_counts (dimension, hour, tenant_id, value, n)
SELECT d.dimension, date_trunc('hour', f.created_at), f.tenant_id, d.value, count(*)
FROM findings f
CROSS JOIN LATERAL (VALUES ('severity', f.severity::text), ('status', coalesce(f.status::text, '')),
                           ('finding_type', f.finding_type::text), ('device_id', coalesce(f.device_id::text, ''))
                   ) AS d (dimension, value)
GROUP BY 1, 2, 3, 4;

-- Each service role sees the counts of the tenant its transaction names, like the findings themselves.
ALTER TABLE finding_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE finding_count_deltas ENABLE ROW LEVEL SECURITY;
CREATE POLICY finding_counts_tenant ON finding_counts FOR SELECT TO opmas_finding
    USING ((SELECT opmas_current_tenant()) IS NULL OR (SELECT opmas_current_tenant()) IN ('*', tenant_id));
CREATE POLICY finding_count_deltas_tenant ON finding_count_deltas FOR SELECT TO opmas_finding
    USING ((SELECT opmas_current_tenant()) IS NULL OR (SELECT opmas_current_tenant()) IN ('*', tenant_id));
GRANT SELECT ON finding_counts, finding_count_deltas TO opmas_finding;
REVOKE ALL ON FUNCTION finding_counts_compact() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION finding_counts_compact() TO opmas_finding;

-- Retention drops whole partitions, which fires no trigger: the counts of the dropped months go too.
CREATE OR REPLACE FUNCTION opmas_drop_findings_partitions_before(cutoff timestamptz)
    RETURNS SETOF text
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
    SET timezone = 'UTC'
AS $$
DECLARE
    p      record;
    b      text[];
    m_from timestamptz;
    m_to   timestamptz;
    n      bigint;
BEGIN
    IF cutoff IS NULL THEN
        RAISE EXCEPTION 'opmas_drop_findings_partitions_before: cutoff must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('opmas.findings.partitions'));

    FOR p IN
        SELECT c.relname::text AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.findings'::regclass
          AND c.relname ~ '^findings_p[0-9]{6}$'
        ORDER BY c.relname
    LOOP
        b := regexp_match(p.bound, '^FOR VALUES FROM \(''([^'']+)''\) TO \(''([^'']+)''\)$');
        CONTINUE WHEN b IS NULL;
        m_from := b[1]::timestamptz;
        m_to := b[2]::timestamptz;
        CONTINUE WHEN m_to > cutoff;                   -- only partitions entirely older than cutoff

        -- Actions planned for findings of this partition are history of expired findings: they go
        -- with them (the foreign key has no ON DELETE action, and detaching checks it).
        DELETE FROM public.intended_actions
        WHERE finding_created_at >= m_from AND finding_created_at < m_to;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            RAISE NOTICE 'opmas: deleted % intended_actions row(s) of findings in %', n, p.name;
        END IF;

        EXECUTE format('ALTER TABLE public.findings DETACH PARTITION public.%I', p.name);
        EXECUTE format('DROP TABLE public.%I', p.name);
        DELETE FROM public.finding_counts WHERE hour >= m_from AND hour < m_to;
        DELETE FROM public.finding_count_deltas WHERE hour >= m_from AND hour < m_to;
        RETURN NEXT p.name;
    END LOOP;
END
$$;

-- Search that keeps its GIN index under row-level security. PostgreSQL will not use a filter whose
-- operator is not LEAKPROOF (jsonb @>, tsvector @@) as an index condition ahead of a policy, so under
-- RLS these filters scanned every partition. These functions run as the owner (no RLS: the index is
-- used) and return only the rows of the tenant the transaction names, by the same rule as the
-- findings policy (V60_1); finding-service selects from them instead of from findings for these filters.
CREATE FUNCTION opmas_findings_matching_text(query text)
    RETURNS SETOF findings
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100
AS $$
    SELECT f.* FROM findings f
    WHERE to_tsvector('simple', coalesce(f.description, '')) @@ plainto_tsquery('simple', query)
      AND ((SELECT opmas_current_tenant()) IS NULL OR (SELECT opmas_current_tenant()) IN ('*', f.tenant_id))
$$;

CREATE FUNCTION opmas_findings_containing(document jsonb)
    RETURNS SETOF findings
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100
AS $$
    SELECT f.* FROM findings f
    WHERE f.details @> document
      AND ((SELECT opmas_current_tenant()) IS NULL OR (SELECT opmas_current_tenant()) IN ('*', f.tenant_id))
$$;

REVOKE ALL ON FUNCTION opmas_findings_matching_text(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION opmas_findings_containing(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION opmas_findings_matching_text(text) TO opmas_finding;
GRANT EXECUTE ON FUNCTION opmas_findings_containing(jsonb) TO opmas_finding;
