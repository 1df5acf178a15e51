-- Undoes V10_1__device_inventory_and_keys.sql.
DROP TRIGGER trg_devices_updated_at ON devices;
CREATE TRIGGER trg_devices_updated_at BEFORE UPDATE ON devices
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
DROP INDEX IF EXISTS idx_devices_model;
DROP INDEX IF EXISTS idx_devices_last_seen_at;
ALTER TABLE ssh_keys DROP CONSTRAINT IF EXISTS uq_ssh_keys_device_id_key_fingerprint;
DROP INDEX IF EXISTS uq_ssh_keys_device_id_active;
ALTER TABLE ssh_keys DROP CONSTRAINT IF EXISTS ck_ssh_keys_key_type;
ALTER TABLE ssh_keys DROP COLUMN IF EXISTS public_key;
