-- Undoes V5__findings_partition_maintenance.sql: the maintenance functions and the monthly partitions.
-- V4's state has findings with findings_default only, so the rows of every monthly partition are
-- moved back into findings_default (nothing is lost) and the partitions are dropped. Foreign keys that
-- reference findings (intended_actions) are dropped for the move and re-created, validated, at the end.
DO $$
DECLARE
    p         text;
    fk        record;
    fk_tables text[] := '{}';
    fk_names  text[] := '{}';
    fk_defs   text[] := '{}';
BEGIN
    IF to_regclass('public.findings') IS NULL THEN
        RETURN;
    END IF;
    LOCK TABLE public.findings IN ACCESS EXCLUSIVE MODE;
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

    FOR p IN
        SELECT c.relname::text
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.findings'::regclass
          AND c.relname ~ '^findings_p[0-9]{6}$'
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE public.findings DETACH PARTITION public.%I', p);
        EXECUTE format('INSERT INTO public.findings_default SELECT * FROM public.%I', p);
        EXECUTE format('DROP TABLE public.%I', p);
    END LOOP;

    FOR i IN 1 .. coalesce(array_length(fk_names, 1), 0) LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk_tables[i], fk_names[i], fk_defs[i]);
    END LOOP;
END
$$;
DROP FUNCTION IF EXISTS opmas_drop_findings_partitions_before(timestamptz);
DROP FUNCTION IF EXISTS opmas_ensure_findings_partitions(integer);
DROP FUNCTION IF EXISTS opmas_create_findings_partition(timestamptz);
