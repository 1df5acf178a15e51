-- Reason: DESIGN "each service connects with its own database role that is granted only what it owns" - per-service LOGIN roles, least-privilege grants and row level security on opmas_config (see docs/adr/0002).
-- Roles are created without a password: the deployment sets it (ALTER ROLE ... PASSWORD, or the
-- database operator's managed roles). A role that already exists (pre-created by the operator or by
-- another database of the same cluster) is left as it is. The migration owner needs CREATEROLE
-- only if the roles do not exist yet.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['opmas_device', 'opmas_agent', 'opmas_finding', 'opmas_playbook', 'opmas_executor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION', r);
            EXCEPTION WHEN duplicate_object THEN
                NULL;                                   -- created concurrently: fine
            END;
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
    END LOOP;
END
$$;

-- Nothing for PUBLIC on OPMAS tables, sequences and functions.
REVOKE ALL ON TABLE opmas_config, devices, ssh_keys, agents, agent_rules, playbooks, playbook_steps,
                    findings, findings_default, intended_actions,
                    device_outbox, finding_outbox, playbook_outbox, executor_outbox FROM PUBLIC;
REVOKE ALL ON SEQUENCE opmas_config_id_seq, devices_id_seq, ssh_keys_id_seq, agents_id_seq, agent_rules_id_seq,
                       playbooks_id_seq, playbook_steps_id_seq, findings_id_seq, intended_actions_id_seq,
                       device_outbox_id_seq, finding_outbox_id_seq, playbook_outbox_id_seq, executor_outbox_id_seq FROM PUBLIC;
REVOKE ALL ON FUNCTION opmas_set_updated_at() FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor;

-- device-service ------------------------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE, DELETE ON devices, ssh_keys, device_outbox TO opmas_device;
GRANT USAGE, SELECT ON SEQUENCE devices_id_seq, ssh_keys_id_seq, device_outbox_id_seq TO opmas_device;

-- agent-service -------------------------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE, DELETE ON agents, agent_rules TO opmas_agent;
GRANT USAGE, SELECT ON SEQUENCE agents_id_seq, agent_rules_id_seq TO opmas_agent;

-- finding-service (partitions are reached through the parent; no grants on partitions) ----------
GRANT SELECT, INSERT, UPDATE, DELETE ON findings, finding_outbox TO opmas_finding;
GRANT USAGE, SELECT ON SEQUENCE findings_id_seq, finding_outbox_id_seq TO opmas_finding;
GRANT EXECUTE ON FUNCTION opmas_create_findings_partition(timestamptz),
                          opmas_ensure_findings_partitions(integer),
                          opmas_drop_findings_partitions_before(timestamptz) TO opmas_finding;

-- playbook-service ----------------------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE, DELETE ON playbooks, playbook_steps, playbook_outbox TO opmas_playbook;
GRANT SELECT, INSERT, DELETE ON intended_actions TO opmas_playbook;
GRANT UPDATE (status, scheduled_at, updated_at, action_config, action_type, run_id, step_number, deadline_at,
              dry_run, device_id, finding_id, finding_created_at, playbook_id) ON intended_actions TO opmas_playbook;
GRANT SELECT ON devices TO opmas_playbook;                -- device filters of playbook triggers (read only)
GRANT USAGE, SELECT ON SEQUENCE playbooks_id_seq, playbook_steps_id_seq, intended_actions_id_seq,
                                playbook_outbox_id_seq TO opmas_playbook;

-- action-executor -----------------------------------------------------------------------------
GRANT SELECT ON intended_actions TO opmas_executor;
GRANT UPDATE (status, executed_at, started_at, attempts, result, updated_at) ON intended_actions TO opmas_executor;
GRANT SELECT ON devices, ssh_keys TO opmas_executor;      -- it connects to the routers (read only)
GRANT SELECT, INSERT, UPDATE, DELETE ON executor_outbox TO opmas_executor;
GRANT USAGE, SELECT ON SEQUENCE executor_outbox_id_seq TO opmas_executor;

-- opmas_config: everyone reads everything; each role writes only its own key prefixes ----------
GRANT SELECT, INSERT, UPDATE ON opmas_config TO opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor;
GRANT USAGE, SELECT ON SEQUENCE opmas_config_id_seq TO opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor;

-- Row level security applies to the service roles; the table owner (migration owner) bypasses it.
ALTER TABLE opmas_config ENABLE ROW LEVEL SECURITY;

CREATE POLICY opmas_config_read ON opmas_config
    FOR SELECT
    TO opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor
    USING (true);

CREATE POLICY opmas_config_device_insert ON opmas_config FOR INSERT TO opmas_device
    WITH CHECK (starts_with(key, 'device.') OR starts_with(key, 'ingest.'));
CREATE POLICY opmas_config_device_update ON opmas_config FOR UPDATE TO opmas_device
    USING (starts_with(key, 'device.') OR starts_with(key, 'ingest.'))
    WITH CHECK (starts_with(key, 'device.') OR starts_with(key, 'ingest.'));

CREATE POLICY opmas_config_agent_insert ON opmas_config FOR INSERT TO opmas_agent
    WITH CHECK (starts_with(key, 'agent.'));
CREATE POLICY opmas_config_agent_update ON opmas_config FOR UPDATE TO opmas_agent
    USING (starts_with(key, 'agent.'))
    WITH CHECK (starts_with(key, 'agent.'));

CREATE POLICY opmas_config_finding_insert ON opmas_config FOR INSERT TO opmas_finding
    WITH CHECK (starts_with(key, 'findings.'));
CREATE POLICY opmas_config_finding_update ON opmas_config FOR UPDATE TO opmas_finding
    USING (starts_with(key, 'findings.'))
    WITH CHECK (starts_with(key, 'findings.'));

CREATE POLICY opmas_config_playbook_insert ON opmas_config FOR INSERT TO opmas_playbook
    WITH CHECK (starts_with(key, 'playbook.'));
CREATE POLICY opmas_config_playbook_update ON opmas_config FOR UPDATE TO opmas_playbook
    USING (starts_with(key, 'playbook.'))
    WITH CHECK (starts_with(key, 'playbook.'));

CREATE POLICY opmas_config_executor_insert ON opmas_config FOR INSERT TO opmas_executor
    WITH CHECK (starts_with(key, 'executor.'));
CREATE POLICY opmas_config_executor_update ON opmas_config FOR UPDATE TO opmas_executor
    USING (starts_with(key, 'executor.'))
    WITH CHECK (starts_with(key, 'executor.'));
