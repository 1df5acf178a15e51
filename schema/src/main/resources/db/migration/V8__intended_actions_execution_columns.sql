-- Reason: playbook-service plans runs of steps per device (run, step, deadline, dry run) and action-executor records execution (start, attempts); both need these columns on intended_actions.
ALTER TABLE intended_actions
    ADD COLUMN device_id   INTEGER,
    ADD COLUMN run_id      UUID,
    ADD COLUMN step_number INTEGER,
    ADD COLUMN dry_run     BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN deadline_at TIMESTAMPTZ,
    ADD COLUMN started_at  TIMESTAMPTZ,
    ADD COLUMN attempts    INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT fk_intended_actions_device FOREIGN KEY (device_id) REFERENCES devices (id),
    ADD CONSTRAINT ck_intended_actions_step_number CHECK (step_number >= 1),
    ADD CONSTRAINT ck_intended_actions_attempts CHECK (attempts >= 0);

CREATE INDEX idx_intended_actions_run_id_step_number ON intended_actions (run_id, step_number);
CREATE INDEX idx_intended_actions_device_id ON intended_actions (device_id);
