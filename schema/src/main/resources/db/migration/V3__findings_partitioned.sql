-- OPMAS foundation, step 3: findings, partitioned by month on created_at (seed: "Findings table
-- partitioned by date").
-- Deviations from the seed text that partitioning forces (see docs/adr/0001):
--   * the primary key is (id, created_at): a unique constraint on a partitioned table must
--     contain the partition key; id stays SERIAL and is still unique in practice (one sequence);
--   * created_at is NOT NULL (it is the partition key and part of the primary key).
-- Monthly partitions are named findings_pYYYYMM and are created by
-- opmas_ensure_findings_partitions() (V5); rows that fit no monthly partition go to findings_default.

CREATE TABLE findings (
    id           SERIAL,
    agent_id     INTEGER,
    device_id    INTEGER,
    finding_type VARCHAR(50) NOT NULL,
    severity     VARCHAR(20) NOT NULL,
    description  TEXT,
    details      JSONB,
    status       VARCHAR(20) DEFAULT 'new',
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_findings PRIMARY KEY (id, created_at),
    CONSTRAINT fk_findings_agent FOREIGN KEY (agent_id) REFERENCES agents (id),
    CONSTRAINT fk_findings_device FOREIGN KEY (device_id) REFERENCES devices (id),
    CONSTRAINT ck_findings_severity CHECK (severity IN ('info', 'warning', 'error', 'critical')),
    CONSTRAINT ck_findings_status CHECK (status IN ('new', 'acknowledged', 'resolved', 'false_positive'))
) PARTITION BY RANGE (created_at);

-- Catch-all partition: rows whose month has no partition yet (far past / far future timestamps).
-- opmas_ensure_findings_partitions() moves such rows into the monthly partition when it creates it.
CREATE TABLE findings_default PARTITION OF findings DEFAULT
    WITH (autovacuum_vacuum_scale_factor = 0.01,
          autovacuum_analyze_scale_factor = 0.005,
          autovacuum_vacuum_insert_scale_factor = 0.01,
          autovacuum_vacuum_cost_delay = 0);

-- Seed indexes (exact names); created on the parent, so every partition gets them.
CREATE INDEX idx_findings_device_id ON findings (device_id);
CREATE INDEX idx_findings_created_at ON findings (created_at);

-- Cheap filters used by the findings list/stats endpoints.
CREATE INDEX idx_findings_status ON findings (status);
CREATE INDEX idx_findings_severity ON findings (severity);
-- Foreign-key lookup index for agents.
CREATE INDEX idx_findings_agent_id ON findings (agent_id);

-- updated_at maintenance (a row trigger on the partitioned table is cloned to every partition).
CREATE TRIGGER trg_findings_updated_at BEFORE UPDATE ON findings
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
