-- OPMAS foundation, step 2: the seed tables that do not depend on findings, in dependency order:
-- opmas_config, devices, ssh_keys, agents, agent_rules, playbooks, playbook_steps.
-- Columns, types, defaults, NOT NULL, UNIQUE and FKs are exactly the seed's; constraints are
-- named explicitly (pk_/uq_/fk_/ck_<table>_<what>) so services can map a violation to a field.

-- 1. opmas_config -----------------------------------------------------------------------------
CREATE TABLE opmas_config (
    id          SERIAL,
    key         VARCHAR(255) NOT NULL,
    value       JSONB NOT NULL,
    description TEXT,
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_opmas_config PRIMARY KEY (id),
    CONSTRAINT uq_opmas_config_key UNIQUE (key)
);

-- 8. devices (before ssh_keys and findings, which reference it) ---------------------------------
CREATE TABLE devices (
    id               SERIAL,
    hostname         VARCHAR(255) NOT NULL,
    ip_address       INET NOT NULL,
    model            VARCHAR(255),
    firmware_version VARCHAR(50),
    status           VARCHAR(20) DEFAULT 'active',
    last_seen_at     TIMESTAMP WITH TIME ZONE,
    config           JSONB,
    created_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_devices PRIMARY KEY (id),
    CONSTRAINT uq_devices_hostname UNIQUE (hostname),
    CONSTRAINT uq_devices_ip_address UNIQUE (ip_address),
    CONSTRAINT ck_devices_status CHECK (status IN ('active', 'inactive', 'maintenance', 'unreachable', 'decommissioned'))
);

-- 9. ssh_keys ---------------------------------------------------------------------------------
CREATE TABLE ssh_keys (
    id              SERIAL,
    device_id       INTEGER,
    key_type        VARCHAR(20) NOT NULL,
    encrypted_key   TEXT NOT NULL,
    key_fingerprint VARCHAR(255) NOT NULL,
    is_active       BOOLEAN DEFAULT true,
    created_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_ssh_keys PRIMARY KEY (id),
    CONSTRAINT fk_ssh_keys_device FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE CASCADE
);

-- 2. agents -----------------------------------------------------------------------------------
CREATE TABLE agents (
    id          SERIAL,
    name        VARCHAR(255) NOT NULL,
    type        VARCHAR(50) NOT NULL,
    description TEXT,
    is_active   BOOLEAN DEFAULT true,
    config      JSONB,
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_agents PRIMARY KEY (id),
    CONSTRAINT uq_agents_name UNIQUE (name),
    CONSTRAINT ck_agents_type CHECK (btrim(type) <> '')
);

-- 3. agent_rules ------------------------------------------------------------------------------
CREATE TABLE agent_rules (
    id          SERIAL,
    agent_id    INTEGER,
    name        VARCHAR(255) NOT NULL,
    description TEXT,
    rule_type   VARCHAR(50) NOT NULL,
    conditions  JSONB NOT NULL,
    actions     JSONB,
    priority    INTEGER DEFAULT 0,
    is_active   BOOLEAN DEFAULT true,
    created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_agent_rules PRIMARY KEY (id),
    CONSTRAINT fk_agent_rules_agent FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE,
    CONSTRAINT uq_agent_rules_agent_id_name UNIQUE (agent_id, name),
    CONSTRAINT ck_agent_rules_rule_type CHECK (btrim(rule_type) <> '')
);

-- 4. playbooks --------------------------------------------------------------------------------
CREATE TABLE playbooks (
    id                 SERIAL,
    name               VARCHAR(255) NOT NULL,
    description        TEXT,
    trigger_type       VARCHAR(50) NOT NULL,
    trigger_conditions JSONB,
    is_active          BOOLEAN DEFAULT true,
    created_at         TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at         TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_playbooks PRIMARY KEY (id),
    CONSTRAINT uq_playbooks_name UNIQUE (name),
    CONSTRAINT ck_playbooks_trigger_type CHECK (btrim(trigger_type) <> '')
);

-- 5. playbook_steps ---------------------------------------------------------------------------
CREATE TABLE playbook_steps (
    id              SERIAL,
    playbook_id     INTEGER,
    step_number     INTEGER NOT NULL,
    action_type     VARCHAR(50) NOT NULL,
    action_config   JSONB NOT NULL,
    timeout_seconds INTEGER DEFAULT 30,
    retry_count     INTEGER DEFAULT 0,
    created_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    updated_at      TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_playbook_steps PRIMARY KEY (id),
    CONSTRAINT fk_playbook_steps_playbook FOREIGN KEY (playbook_id) REFERENCES playbooks (id) ON DELETE CASCADE,
    CONSTRAINT uq_playbook_steps_playbook_id_step_number UNIQUE (playbook_id, step_number),
    CONSTRAINT ck_playbook_steps_step_number CHECK (step_number >= 1),
    CONSTRAINT ck_playbook_steps_action_type CHECK (btrim(action_type) <> ''),
    CONSTRAINT ck_playbook_steps_timeout_seconds CHECK (timeout_seconds > 0),
    CONSTRAINT ck_playbook_steps_retry_count CHECK (retry_count >= 0)
);

-- Seed indexes of these tables (exact names).
CREATE INDEX idx_devices_status ON devices (status);
CREATE INDEX idx_agent_rules_agent_id ON agent_rules (agent_id);
CREATE INDEX idx_playbook_steps_playbook_id ON playbook_steps (playbook_id);

-- Foreign-key lookup index for the ON DELETE CASCADE from devices.
CREATE INDEX idx_ssh_keys_device_id ON ssh_keys (device_id);

-- updated_at maintenance.
CREATE TRIGGER trg_opmas_config_updated_at BEFORE UPDATE ON opmas_config
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
CREATE TRIGGER trg_devices_updated_at BEFORE UPDATE ON devices
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
CREATE TRIGGER trg_ssh_keys_updated_at BEFORE UPDATE ON ssh_keys
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
CREATE TRIGGER trg_agents_updated_at BEFORE UPDATE ON agents
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
CREATE TRIGGER trg_agent_rules_updated_at BEFORE UPDATE ON agent_rules
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
CREATE TRIGGER trg_playbooks_updated_at BEFORE UPDATE ON playbooks
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
CREATE TRIGGER trg_playbook_steps_updated_at BEFORE UPDATE ON playbook_steps
    FOR EACH ROW EXECUTE FUNCTION opmas_set_updated_at();
