-- Undoes V9__service_roles_and_grants.sql: policies, row level security, every grant to the service
-- roles in this database, then the roles themselves.
DROP POLICY IF EXISTS opmas_config_executor_update ON opmas_config;
DROP POLICY IF EXISTS opmas_config_executor_insert ON opmas_config;
DROP POLICY IF EXISTS opmas_config_playbook_update ON opmas_config;
DROP POLICY IF EXISTS opmas_config_playbook_insert ON opmas_config;
DROP POLICY IF EXISTS opmas_config_finding_update ON opmas_config;
DROP POLICY IF EXISTS opmas_config_finding_insert ON opmas_config;
DROP POLICY IF EXISTS opmas_config_agent_update ON opmas_config;
DROP POLICY IF EXISTS opmas_config_agent_insert ON opmas_config;
DROP POLICY IF EXISTS opmas_config_device_update ON opmas_config;
DROP POLICY IF EXISTS opmas_config_device_insert ON opmas_config;
DROP POLICY IF EXISTS opmas_config_read ON opmas_config;
ALTER TABLE opmas_config DISABLE ROW LEVEL SECURITY;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['opmas_executor', 'opmas_playbook', 'opmas_finding', 'opmas_agent', 'opmas_device'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r);
        -- Table-level REVOKE ALL also revokes the column-level grants (intended_actions).
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', r);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', r);
        EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM %I', r);
        EXECUTE format('REVOKE ALL ON SCHEMA public FROM %I', r);
        EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), r);
        BEGIN
            EXECUTE format('DROP ROLE %I', r);
        EXCEPTION
            WHEN dependent_objects_still_exist THEN
                -- Roles are cluster-wide: another database of this cluster still grants it something.
                RAISE WARNING 'opmas rollback: role % kept, it still has privileges or objects elsewhere: %', r, SQLERRM;
            WHEN insufficient_privilege THEN
                -- Pre-created by an administrator (e.g. operator-managed roles): not ours to drop.
                RAISE WARNING 'opmas rollback: role % kept, the migration owner may not drop it: %', r, SQLERRM;
        END;
    END LOOP;
END
$$;
