-- Reason: device-service inventory (last-seen batches do not bump updated_at; list filter indexes) and SSH key rules (one active key per device, public key beside the sealed private key).

-- ssh_keys: the public half is not secret; keeping it lets the API show the OpenSSH line and
-- fingerprint without ever opening the sealed private key.
ALTER TABLE ssh_keys ADD COLUMN public_key TEXT;

ALTER TABLE ssh_keys ADD CONSTRAINT ck_ssh_keys_key_type CHECK (key_type IN ('ssh-ed25519', 'ssh-rsa'));

-- At most one active key per device: the key the executor connects with is never ambiguous.
CREATE UNIQUE INDEX uq_ssh_keys_device_id_active ON ssh_keys (device_id) WHERE is_active;

-- The same key uploaded twice to one device is a mistake, not a second key.
ALTER TABLE ssh_keys ADD CONSTRAINT uq_ssh_keys_device_id_key_fingerprint UNIQUE (device_id, key_fingerprint);

-- devices: list filters and sorts of the inventory API.
CREATE INDEX idx_devices_last_seen_at ON devices (last_seen_at);
CREATE INDEX idx_devices_model ON devices (model);

-- devices.updated_at means "the inventory record changed". last_seen_at is written in batches
-- every few seconds for every device that logged; without this condition each batch would bump
-- updated_at of the whole active fleet and hide real edits.
DROP TRIGGER trg_devices_updated_at ON devices;
CREATE TRIGGER trg_devices_updated_at BEFORE UPDATE ON devices
    FOR EACH ROW
    WHEN ((OLD.hostname, OLD.ip_address, OLD.model, OLD.firmware_version, OLD.status, OLD.config)
          IS DISTINCT FROM (NEW.hostname, NEW.ip_address, NEW.model, NEW.firmware_version, NEW.status, NEW.config))
    EXECUTE FUNCTION opmas_set_updated_at();
