-- Reason: issue #10 / seed "Row Level Security, based on device ownership" - devices have an owning tenant, ssh_keys, findings, intended_actions and playbook_runs inherit it, and RLS policies make every service role see only the tenant its transaction names.
--
-- How a service names the tenant: inside a transaction, SELECT set_config('opmas.tenant', '<tenant>', true)
-- (org.opmas.common.tenant.TenantScope does it from the bearer token's "tenant" claim). The value '*'
-- means every tenant (operators of the whole installation). A transaction that names no tenant is a
-- system transaction (Kafka consumers, schedulers, the outbox relay): the pipeline is system-wide.
-- The table owner (migration owner) bypasses RLS; the service roles of V9 do not.

-- The tenant the current transaction works for: NULL when none was named (a GUC that was set with
-- is_local = true in an earlier transaction of the same session reads back as '', hence the NULLIF).
CREATE FUNCTION opmas_current_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('opmas.tenant', true), '') $$;

ALTER TABLE devices ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE devices ADD CONSTRAINT chk_devices_tenant_id
    CHECK (tenant_id ~ '^[a-z0-9][a-z0-9._-]{0,62}$');
CREATE INDEX idx_devices_tenant_id ON devices (tenant_id);

ALTER TABLE ssh_keys ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE findings ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE intended_actions ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default';
CREATE INDEX idx_intended_actions_tenant_id ON intended_actions (tenant_id);
ALTER TABLE playbook_runs ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default';

-- Inheritance is enforced by the database, not trusted to the services: whatever a service writes,
-- a row about a device carries that device's tenant. SECURITY DEFINER because finding-service has
-- no grant on devices and must not need one; the function reads one column of one row.
CREATE FUNCTION opmas_inherit_device_tenant() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF NEW.device_id IS NOT NULL THEN
        SELECT d.tenant_id INTO NEW.tenant_id FROM devices d WHERE d.id = NEW.device_id;
    END IF;
    IF NEW.tenant_id IS NULL THEN
        NEW.tenant_id := 'default';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION opmas_inherit_device_tenant() FROM PUBLIC;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ssh_keys', 'findings', 'intended_actions', 'playbook_runs'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OF device_id ON %I'
                       ' FOR EACH ROW EXECUTE FUNCTION opmas_inherit_device_tenant()', 'trg_' || t || '_tenant', t);
    END LOOP;
END
$$;

-- A device handed to another tenant takes its keys, findings and actions with it.
CREATE FUNCTION opmas_move_device_tenant() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE ssh_keys SET tenant_id = NEW.tenant_id WHERE device_id = NEW.id;
    UPDATE findings SET tenant_id = NEW.tenant_id WHERE device_id = NEW.id;
    UPDATE intended_actions SET tenant_id = NEW.tenant_id WHERE device_id = NEW.id;
    UPDATE playbook_runs SET tenant_id = NEW.tenant_id WHERE device_id = NEW.id;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION opmas_move_device_tenant() FROM PUBLIC;

CREATE TRIGGER trg_devices_tenant_moved AFTER UPDATE OF tenant_id ON devices
    FOR EACH ROW WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
    EXECUTE FUNCTION opmas_move_device_tenant();

-- The policies. "(SELECT opmas_current_tenant())" is an InitPlan: evaluated once per statement, not
-- once per row. One policy per table covers SELECT, INSERT, UPDATE and DELETE: a row outside the
-- named tenant can be neither seen nor written, and a write cannot move a row into another tenant.
DO $$
DECLARE
    t text;
    visible constant text := '(SELECT opmas_current_tenant()) IS NULL OR (SELECT opmas_current_tenant()) IN (''*'', tenant_id)';
BEGIN
    FOREACH t IN ARRAY ARRAY['devices', 'ssh_keys', 'findings', 'intended_actions', 'playbook_runs'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I TO opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor'
                       ' USING (%s) WITH CHECK (%s)', t || '_tenant', t, visible, visible);
    END LOOP;
END
$$;
