-- Reason: finding-service (issue #5) - storm collapse by fingerprint, idempotent detections, lifecycle audit, action outcomes, verification and the query indexes of /api/v1/findings.
-- Design notes (docs/FINDING-SERVICE.md):
--   * a unique index on the partitioned findings table must contain created_at, so "one open finding
--     per fingerprint" and "one finding per detection id" live in small side tables with plain
--     primary keys (finding_open_fingerprints, finding_detections);
--   * the side tables have no foreign key to findings: a FK would block the partition drop of
--     retention; finding-service deletes their rows of dropped findings in the same maintenance run.

ALTER TABLE findings
    ADD COLUMN fingerprint          VARCHAR(256),
    ADD COLUMN occurrence_count     BIGINT       NOT NULL DEFAULT 1,
    ADD COLUMN first_seen_at        TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN last_seen_at         TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN shadow               BOOLEAN      NOT NULL DEFAULT false,
    ADD COLUMN rule_id              INTEGER,
    ADD COLUMN detection_id         UUID,
    ADD COLUMN acknowledged_at      TIMESTAMPTZ,
    ADD COLUMN acknowledged_by      VARCHAR(255),
    ADD COLUMN resolved_at          TIMESTAMPTZ,
    ADD COLUMN resolved_by          VARCHAR(255),
    ADD COLUMN resolution_reason    TEXT,
    ADD COLUMN verification_state   VARCHAR(20),
    ADD COLUMN verification_due_at  TIMESTAMPTZ,
    ADD COLUMN escalation_count     INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN actions_count        INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN last_action_status   VARCHAR(20),
    ADD COLUMN last_event_at        TIMESTAMPTZ;

-- Rows written before this migration (none in practice) get a fingerprint of their own.
UPDATE findings SET fingerprint = 'legacy:' || id WHERE fingerprint IS NULL;
ALTER TABLE findings ALTER COLUMN fingerprint SET NOT NULL;

ALTER TABLE findings
    ADD CONSTRAINT ck_findings_occurrence_count CHECK (occurrence_count >= 1),
    ADD CONSTRAINT ck_findings_verification_state CHECK (verification_state IN ('pending', 'passed', 'failed'));

-- Storm collapse looks up the open finding of a fingerprint on every detection.
CREATE INDEX idx_findings_open_fingerprint ON findings (fingerprint) WHERE status IN ('new', 'acknowledged');
-- Keyset paging and per-device pages: newest first, ties broken by id.
CREATE INDEX idx_findings_created_at_id ON findings (created_at, id);
CREATE INDEX idx_findings_device_id_created_at ON findings (device_id, created_at, id);
CREATE INDEX idx_findings_finding_type ON findings (finding_type);
CREATE INDEX idx_findings_last_seen_at ON findings (last_seen_at);
-- Full-text search of ?q= (the query uses exactly this expression).
CREATE INDEX idx_findings_description_fts ON findings USING gin (to_tsvector('simple', coalesce(description, '')));
-- The verification sweeper only ever looks at pending verifications.
CREATE INDEX idx_findings_verification_due ON findings (verification_due_at) WHERE verification_state = 'pending';

-- At most one open (new/acknowledged) finding per fingerprint, enforced by the primary key.
CREATE TABLE finding_open_fingerprints (
    fingerprint        VARCHAR(256) NOT NULL,
    finding_id         INTEGER      NOT NULL,
    finding_created_at TIMESTAMPTZ  NOT NULL,
    opened_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT pk_finding_open_fingerprints PRIMARY KEY (fingerprint)
);
CREATE INDEX idx_finding_open_fingerprints_finding ON finding_open_fingerprints (finding_id);

-- Detection ids already applied (idempotent consumer); kept for findings.detection_dedup_days.
CREATE TABLE finding_detections (
    detection_id       UUID         NOT NULL,
    fingerprint        VARCHAR(256) NOT NULL,
    finding_id         INTEGER,
    finding_created_at TIMESTAMPTZ,
    detected_at        TIMESTAMPTZ  NOT NULL,
    received_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT pk_finding_detections PRIMARY KEY (detection_id)
);
CREATE INDEX idx_finding_detections_received_at ON finding_detections (received_at);
CREATE INDEX idx_finding_detections_finding ON finding_detections (finding_id, finding_created_at);

-- Lifecycle audit: who moved which finding from what to what, when and why.
CREATE TABLE finding_transitions (
    id                 BIGSERIAL,
    finding_id         INTEGER      NOT NULL,
    finding_created_at TIMESTAMPTZ  NOT NULL,
    from_status        VARCHAR(20),
    to_status          VARCHAR(20)  NOT NULL,
    transition         VARCHAR(30)  NOT NULL,
    actor              VARCHAR(255) NOT NULL,
    reason             TEXT,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT pk_finding_transitions PRIMARY KEY (id)
);
CREATE INDEX idx_finding_transitions_finding ON finding_transitions (finding_id, finding_created_at);

-- Outcomes of playbook steps run for a finding (from opmas.actions.results; event id = idempotency key).
CREATE TABLE finding_actions (
    event_id           UUID         NOT NULL,
    action_id          BIGINT       NOT NULL,
    finding_id         INTEGER      NOT NULL,
    finding_created_at TIMESTAMPTZ  NOT NULL,
    playbook_id        BIGINT       NOT NULL,
    run_id             UUID         NOT NULL,
    step_number        INTEGER      NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    exit_code          INTEGER,
    error              TEXT,
    dry_run            BOOLEAN      NOT NULL,
    finished_at        TIMESTAMPTZ  NOT NULL,
    received_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT pk_finding_actions PRIMARY KEY (event_id)
);
CREATE INDEX idx_finding_actions_finding ON finding_actions (finding_id, finding_created_at);

REVOKE ALL ON finding_open_fingerprints, finding_detections, finding_transitions, finding_actions FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON finding_open_fingerprints, finding_detections, finding_transitions,
    finding_actions TO opmas_finding;
GRANT USAGE, SELECT ON SEQUENCE finding_transitions_id_seq TO opmas_finding;
