-- Reason: rolls back V70_1 (finding counts for statistics, search functions under row-level security).
DROP FUNCTION IF EXISTS opmas_findings_containing(jsonb);
DROP FUNCTION IF EXISTS opmas_findings_matching_text(text);
DROP TRIGGER IF EXISTS trg_findings_count_deleted ON findings;
DROP TRIGGER IF EXISTS trg_findings_count_updated ON findings;
DROP TRIGGER IF EXISTS trg_findings_count_inserted ON findings;
DROP FUNCTION IF EXISTS finding_counts_compact();
DROP FUNCTION IF EXISTS opmas_findings_count_updated();
DROP FUNCTION IF EXISTS opmas_findings_count_rows();
DROP TABLE IF EXISTS finding_count_deltas;
DROP TABLE IF EXISTS finding_counts;

-- opmas_drop_findings_partitions_before as V5 defined it.
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
        RETURN NEXT p.name;
    END LOOP;
END
$$;
