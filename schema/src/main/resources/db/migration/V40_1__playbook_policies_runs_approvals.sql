-- Reason: playbook-service (issue #6) needs playbook policies, per-step flow control, run tracking with idempotent planning, and approval records on intended_actions.

-- Policy per playbook (requires_approval, dry_run, cooldown_seconds, max_runs_per_device_per_hour,
-- approval_ttl_seconds); validated by playbook-service, see docs/PLAYBOOK-SERVICE.md.
ALTER TABLE playbooks
    ADD COLUMN policy JSONB NOT NULL DEFAULT '{}'::jsonb;

ALTER TABLE playbook_steps
    ADD COLUMN name                VARCHAR(255),
    ADD COLUMN continue_on_failure BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN requires_approval   BOOLEAN NOT NULL DEFAULT false;

-- One run of a playbook against one device. The unique key makes planning idempotent: the same
-- finding never starts the same playbook twice (NULL finding = manual run, never a conflict).
-- No foreign key to findings: finding retention drops partitions and must not be blocked by runs.
CREATE TABLE playbook_runs (
    run_id             UUID NOT NULL,
    playbook_id        INTEGER NOT NULL,
    device_id          INTEGER NOT NULL,
    finding_id         INTEGER,
    finding_created_at TIMESTAMPTZ,
    trigger            VARCHAR(20) NOT NULL,
    status             VARCHAR(20) NOT NULL,
    status_reason      TEXT,
    current_step       INTEGER,
    step_count         INTEGER NOT NULL DEFAULT 0,
    dry_run            BOOLEAN NOT NULL DEFAULT false,
    requested_by       VARCHAR(255),
    variables          JSONB,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at        TIMESTAMPTZ,
    CONSTRAINT pk_playbook_runs PRIMARY KEY (run_id),
    CONSTRAINT fk_playbook_runs_playbook FOREIGN KEY (playbook_id) REFERENCES playbooks (id),
    CONSTRAINT fk_playbook_runs_device FOREIGN KEY (device_id) REFERENCES devices (id),
    CONSTRAINT uq_playbook_runs_playbook_finding UNIQUE (playbook_id, finding_id, finding_created_at),
    CONSTRAINT ck_playbook_runs_status CHECK (status IN ('running', 'awaiting_approval', 'succeeded', 'failed',
                                                         'cancelled', 'skipped')),
    CONSTRAINT ck_playbook_runs_trigger CHECK (trigger IN ('finding', 'manual'))
);

-- Cooldown and hourly rate limit look up the recent runs of a playbook on a device.
CREATE INDEX idx_playbook_runs_playbook_device_created ON playbook_runs (playbook_id, device_id, created_at);
CREATE INDEX idx_playbook_runs_status ON playbook_runs (status);

CREATE TRIGGER trg_playbook_runs_updated_at BEFORE UPDATE ON playbook_runs
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();

-- Step settings are copied into the action when the run is planned, so editing a playbook never
-- changes a run in flight; approval decisions are recorded with who, when and why.
ALTER TABLE intended_actions
    ADD COLUMN timeout_seconds     INTEGER,
    ADD COLUMN retry_count         INTEGER,
    ADD COLUMN continue_on_failure BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN requires_approval   BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN approval_expires_at TIMESTAMPTZ,
    ADD COLUMN approved_by         VARCHAR(255),
    ADD COLUMN approved_at         TIMESTAMPTZ,
    ADD COLUMN rejected_by         VARCHAR(255),
    ADD COLUMN rejected_at         TIMESTAMPTZ,
    ADD COLUMN decision_reason     TEXT,
    ADD COLUMN status_reason       TEXT,
    ADD CONSTRAINT fk_intended_actions_run FOREIGN KEY (run_id) REFERENCES playbook_runs (run_id),
    ADD CONSTRAINT ck_intended_actions_timeout_seconds CHECK (timeout_seconds BETWEEN 1 AND 3600),
    ADD CONSTRAINT ck_intended_actions_retry_count CHECK (retry_count BETWEEN 0 AND 10);

-- A run has exactly one action per step.
CREATE UNIQUE INDEX uq_intended_actions_run_id_step_number ON intended_actions (run_id, step_number)
    WHERE run_id IS NOT NULL;
-- The approval-expiry sweep reads only the waiting approvals.
CREATE INDEX idx_intended_actions_approval_expires_at ON intended_actions (approval_expires_at)
    WHERE status = 'awaiting_approval';

GRANT SELECT, INSERT, UPDATE, DELETE ON playbook_runs TO opmas_playbook;
GRANT UPDATE (timeout_seconds, retry_count, continue_on_failure, requires_approval, approval_expires_at,
              approved_by, approved_at, rejected_by, rejected_at, decision_reason, status_reason)
    ON intended_actions TO opmas_playbook;
-- The executor reads the run of an action (for context in its API); it never writes runs.
GRANT SELECT ON playbook_runs TO opmas_executor;
