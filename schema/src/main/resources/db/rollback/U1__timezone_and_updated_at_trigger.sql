-- Undoes V1__timezone_and_updated_at_trigger.sql.
DROP FUNCTION IF EXISTS opmas_set_updated_at();
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET timezone', current_database());
END
$$;
