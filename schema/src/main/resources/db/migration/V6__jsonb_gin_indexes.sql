-- Reason: the seed promises "querying of nested fields" and "indexing on specific JSON paths" of the
-- JSONB columns; jsonb_path_ops GIN indexes serve @>, @? and @@ on the nested JSON services filter on.
CREATE INDEX idx_findings_details_gin ON findings USING gin (details jsonb_path_ops);
CREATE INDEX idx_devices_config_gin ON devices USING gin (config jsonb_path_ops);
CREATE INDEX idx_agent_rules_conditions_gin ON agent_rules USING gin (conditions jsonb_path_ops);
CREATE INDEX idx_playbooks_trigger_conditions_gin ON playbooks USING gin (trigger_conditions jsonb_path_ops);
