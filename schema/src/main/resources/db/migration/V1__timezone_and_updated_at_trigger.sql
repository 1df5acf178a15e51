-- OPMAS foundation, step 1: the database runs in UTC, and one trigger function keeps updated_at.
-- Seed: "Timestamps must be in UTC" and "Automatically updated on record modification".

-- Every new session of this database gets TimeZone = UTC (ALTER DATABASE needs the database
-- owner; the name is taken from current_database() so the script runs in any environment).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'UTC');
END
$$;

-- The session running this migration also works in UTC from here on.
SET timezone TO 'UTC';

-- The one trigger function that maintains updated_at on every OPMAS table
-- (attached BEFORE UPDATE ... FOR EACH ROW by the migrations that create the tables).
CREATE FUNCTION opmas_set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.updated_at := CURRENT_TIMESTAMP;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION opmas_set_updated_at() IS
    'OPMAS: sets updated_at to CURRENT_TIMESTAMP on every UPDATE (BEFORE UPDATE row trigger on every table).';
