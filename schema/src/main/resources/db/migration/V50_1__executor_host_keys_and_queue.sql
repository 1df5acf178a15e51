-- Reason: action-executor pins trust-on-first-use host keys in its own table (it may not update devices) and keeps received intended actions in a durable queue, so an acked Kafka record is never lost while paused or after a crash.

-- One pinned host key per device, recorded on the first successful connection of a device that
-- allows trust on first use (devices.config.trust_on_first_use) and has no devices.config.host_key.
-- Thereafter it is the pin; an operator re-keys a router by deleting the row or setting host_key.
CREATE TABLE device_host_keys (
    device_id     INTEGER NOT NULL,
    host_key      TEXT NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_device_host_keys PRIMARY KEY (device_id),
    CONSTRAINT fk_device_host_keys_device FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE,
    CONSTRAINT ck_device_host_keys_host_key CHECK (host_key ~ '^[a-z0-9@.-]+ [A-Za-z0-9+/=]+$')
);

-- Intended actions received from opmas.actions.intended and not finished yet. The consumer inserts
-- the event and then acks the Kafka record; the row is deleted in the transaction that records the
-- result (or when the action turns out not to be claimable). A sweep re-dispatches rows after a
-- restart or a pause, so the Kafka partition never waits for a slow router.
CREATE TABLE executor_queue (
    action_id   INTEGER NOT NULL,
    device_id   INTEGER NOT NULL,
    event       JSONB NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_executor_queue PRIMARY KEY (action_id),
    CONSTRAINT fk_executor_queue_action FOREIGN KEY (action_id) REFERENCES intended_actions (id) ON DELETE CASCADE
);

CREATE INDEX idx_executor_queue_received_at ON executor_queue (received_at);

REVOKE ALL ON TABLE device_host_keys, executor_queue FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON device_host_keys, executor_queue TO opmas_executor;
-- Other services may show whether a device's host key is pinned (read only).
GRANT SELECT ON device_host_keys TO opmas_device;
