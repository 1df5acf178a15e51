-- OPMAS foundation, step 5: maintenance functions of the findings partitions (see docs/adr/0001
-- and docs/SCHEMA.md "Partitions" / "Vacuum strategy").
--   opmas_create_findings_partition(month)           one monthly partition (idempotent)
--   opmas_ensure_findings_partitions(months_ahead)   current month + the next N (idempotent)
--   opmas_drop_findings_partitions_before(cutoff)    retention: drop whole old monthly partitions
-- All are SECURITY DEFINER (they run as the migration owner, who owns findings), with a fixed
-- search_path and TimeZone; EXECUTE is revoked from PUBLIC here and granted only to
-- opmas_finding in V9.

CREATE FUNCTION opmas_create_findings_partition(month_start timestamptz)
    RETURNS text
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
    SET timezone = 'UTC'
AS $$
DECLARE
    -- Aggressive autovacuum for every findings partition (seed: "Aggressive VACUUM on findings").
    storage_params CONSTANT text := 'autovacuum_vacuum_scale_factor = 0.01, '
                                 || 'autovacuum_analyze_scale_factor = 0.005, '
                                 || 'autovacuum_vacuum_insert_scale_factor = 0.01, '
                                 || 'autovacuum_vacuum_cost_delay = 0';
    m_from    timestamptz;
    m_to      timestamptz;
    part      text;
    bounds    text;
    fk        record;
    fk_tables text[] := '{}';
    fk_names  text[] := '{}';
    fk_defs   text[] := '{}';
    moved     bigint := 0;
BEGIN
    IF month_start IS NULL THEN
        RAISE EXCEPTION 'opmas_create_findings_partition: month_start must not be NULL'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    m_from := date_trunc('month', month_start);
    IF m_from < '1970-01-01 00:00:00+00' OR m_from >= '10000-01-01 00:00:00+00' THEN
        RAISE EXCEPTION 'opmas_create_findings_partition: month % is out of range (1970-01 .. 9999-12)', to_char(m_from, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    m_to := m_from + interval '1 month';
    part := 'findings_p' || to_char(m_from, 'YYYYMM');
    bounds := format('FROM (%L) TO (%L)', m_from, m_to);

    -- One partition creator at a time (the same lock as the retention function).
    PERFORM pg_advisory_xact_lock(hashtext('opmas.findings.partitions'));

    IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
        RETURN NULL;                                   -- already there: nothing to do
    END IF;

    IF NOT EXISTS (SELECT 1 FROM public.findings_default
                   WHERE created_at >= m_from AND created_at < m_to) THEN
        -- Normal case: nothing of this month waits in the default partition.
        EXECUTE format('CREATE TABLE public.%I PARTITION OF public.findings FOR VALUES %s WITH (%s)',
                       part, bounds, storage_params);
    ELSE
        -- Rows of this month sit in findings_default; attaching/creating the partition would fail
        -- ("updated partition constraint for default partition would be violated"). Move them:
        -- build the partition as a plain table, copy the rows, delete them from the default
        -- partition, attach. Writers of findings wait meanwhile (readers do not).
        LOCK TABLE public.findings IN SHARE ROW EXCLUSIVE MODE;

        -- Foreign keys that reference findings (intended_actions) would block deleting the rows
        -- from findings_default; drop them for the move and re-create them, validated, before
        -- this transaction ends. Nobody else can see the gap (DDL is transactional).
        FOR fk IN
            SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.confrelid = 'public.findings'::regclass AND c.conparentid = 0
            ORDER BY c.conname
        LOOP
            fk_tables := fk_tables || fk.tbl;
            fk_names := fk_names || fk.conname::text;
            fk_defs := fk_defs || fk.def;
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
        END LOOP;

        EXECUTE format('CREATE TABLE public.%I (LIKE public.findings INCLUDING DEFAULTS INCLUDING CONSTRAINTS) WITH (%s)',
                       part, storage_params);
        EXECUTE format('INSERT INTO public.%I SELECT * FROM public.findings_default WHERE created_at >= %L AND created_at < %L',
                       part, m_from, m_to);
        GET DIAGNOSTICS moved = ROW_COUNT;
        EXECUTE format('DELETE FROM public.findings_default WHERE created_at >= %L AND created_at < %L',
                       m_from, m_to);
        EXECUTE format('ALTER TABLE public.findings ATTACH PARTITION public.%I FOR VALUES %s', part, bounds);

        FOR i IN 1 .. coalesce(array_length(fk_names, 1), 0) LOOP
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk_tables[i], fk_names[i], fk_defs[i]);
        END LOOP;
        RAISE NOTICE 'opmas: moved % row(s) from findings_default into new partition %', moved, part;
    END IF;

    -- Fresh statistics for the planner right away (autovacuum would do it later).
    EXECUTE format('ANALYZE public.%I', part);
    RETURN part;
END
$$;

COMMENT ON FUNCTION opmas_create_findings_partition(timestamptz) IS
    'OPMAS: creates findings_pYYYYMM for the month of month_start (UTC), moving rows of that month out of '
    'findings_default first; returns the partition name, or NULL if it already existed.';

CREATE FUNCTION opmas_ensure_findings_partitions(months_ahead integer DEFAULT 3)
    RETURNS SETOF text
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
    SET timezone = 'UTC'
AS $$
DECLARE
    this_month timestamptz := date_trunc('month', CURRENT_TIMESTAMP);
    created    text;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'opmas_ensure_findings_partitions: months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 0 .. months_ahead LOOP
        created := public.opmas_create_findings_partition(this_month + make_interval(months => i));
        IF created IS NOT NULL THEN
            RETURN NEXT created;
        END IF;
    END LOOP;
    -- Autovacuum never analyzes a partitioned parent, and opmas_finding does not own findings: the
    -- daily call refreshes the parent's statistics (sampled; partitions are analyzed too).
    ANALYZE public.findings;
END
$$;

COMMENT ON FUNCTION opmas_ensure_findings_partitions(integer) IS
    'OPMAS: idempotently creates the findings partitions of the current month and the next months_ahead '
    'months (UTC), then ANALYZEs findings; returns the names of the partitions it created.';

CREATE FUNCTION opmas_drop_findings_partitions_before(cutoff timestamptz)
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
        RETURN NEXT p.name;
    END LOOP;
END
$$;

COMMENT ON FUNCTION opmas_drop_findings_partitions_before(timestamptz) IS
    'OPMAS retention: drops every monthly findings partition whose range ends at or before cutoff '
    '(never a mass DELETE), deleting first the intended_actions of its findings; returns the dropped names. '
    'findings_default is never dropped.';

REVOKE ALL ON FUNCTION opmas_create_findings_partition(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION opmas_ensure_findings_partitions(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION opmas_drop_findings_partitions_before(timestamptz) FROM PUBLIC;

-- The current month and the next three exist from the start.
SELECT opmas_ensure_findings_partitions(3);
