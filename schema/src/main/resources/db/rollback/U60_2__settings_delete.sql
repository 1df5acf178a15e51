-- Reason: rolls back V60_2 (service roles delete their own settings).
DROP POLICY IF EXISTS opmas_config_executor_delete ON opmas_config;
DROP POLICY IF EXISTS opmas_config_playbook_delete ON opmas_config;
DROP POLICY IF EXISTS opmas_config_finding_delete ON opmas_config;
DROP POLICY IF EXISTS opmas_config_agent_delete ON opmas_config;
DROP POLICY IF EXISTS opmas_config_device_delete ON opmas_config;
REVOKE DELETE ON opmas_config FROM opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor;
