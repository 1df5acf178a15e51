-- Reason: rolls back V60_1 (tenant isolation by device ownership).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['devices', 'ssh_keys', 'findings', 'intended_actions', 'playbook_runs'] LOOP
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_tenant', t);
        EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', 'trg_' || t || '_tenant', t);
    END LOOP;
END
$$;
DROP TRIGGER IF EXISTS trg_devices_tenant_moved ON devices;
DROP FUNCTION IF EXISTS opmas_move_device_tenant();
DROP FUNCTION IF EXISTS opmas_inherit_device_tenant();
ALTER TABLE playbook_runs DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE intended_actions DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE findings DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE ssh_keys DROP COLUMN IF EXISTS tenant_id;
ALTER TABLE devices DROP COLUMN IF EXISTS tenant_id;
DROP FUNCTION IF EXISTS opmas_current_tenant();
