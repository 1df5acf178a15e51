-- OPMAS foundation, step 4: intended_actions (seed table 7).
-- Deviation (see docs/adr/0001): findings is partitioned with primary key (id, created_at), so the
-- seed's "finding_id REFERENCES findings(id)" becomes the composite foreign key
-- (finding_id, finding_created_at) REFERENCES findings (id, created_at), MATCH FULL: either both
-- columns are NULL (an action without a finding) or both are set and the finding exists.
-- No ON DELETE action, as in the seed.

CREATE TABLE intended_actions (
    id                 SERIAL,
    finding_id         INTEGER,
    playbook_id        INTEGER,
    status             VARCHAR(20) DEFAULT 'pending',
    action_type        VARCHAR(50) NOT NULL,
    action_config      JSONB NOT NULL,
    scheduled_at       TIMESTAMP WITH TIME ZONE,
    executed_at        TIMESTAMP WITH TIME ZONE,
    result             JSONB,
    created_at         TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at         TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    finding_created_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_intended_actions PRIMARY KEY (id),
    CONSTRAINT fk_intended_actions_finding FOREIGN KEY (finding_id, finding_created_at)
        REFERENCES findings (id, created_at) MATCH FULL,
    CONSTRAINT fk_intended_actions_playbook FOREIGN KEY (playbook_id) REFERENCES playbooks (id),
    CONSTRAINT ck_intended_actions_status CHECK (status IN ('pending', 'awaiting_approval', 'approved', 'running',
                                                            'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped')),
    CONSTRAINT ck_intended_actions_action_type CHECK (btrim(action_type) <> '')
);

-- Seed index (exact name).
CREATE INDEX idx_intended_actions_status ON intended_actions (status);
-- Foreign-key lookup indexes (finding retention deletes by finding_created_at range, see V5).
CREATE INDEX idx_intended_actions_finding ON intended_actions (finding_created_at, finding_id);
CREATE INDEX idx_intended_actions_playbook_id ON intended_actions (playbook_id);

CREATE TRIGGER trg_intended_actions_updated_at BEFORE UPDATE ON intended_actions
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
