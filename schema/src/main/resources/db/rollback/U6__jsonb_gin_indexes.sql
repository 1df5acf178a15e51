-- Undoes V6__jsonb_gin_indexes.sql.
DROP INDEX IF EXISTS idx_playbooks_trigger_conditions_gin;
DROP INDEX IF EXISTS idx_agent_rules_conditions_gin;
DROP INDEX IF EXISTS idx_devices_config_gin;
DROP INDEX IF EXISTS idx_findings_details_gin;
