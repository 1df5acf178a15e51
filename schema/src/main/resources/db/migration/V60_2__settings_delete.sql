-- Reason: issue #10 secret settings - the settings API (common org.opmas.common.settings) deletes a setting; each service role may delete only the keys of its own prefixes, as it may only insert and update them (V9).
GRANT DELETE ON opmas_config TO opmas_device, opmas_agent, opmas_finding, opmas_playbook, opmas_executor;

CREATE POLICY opmas_config_device_delete ON opmas_config FOR DELETE TO opmas_device
    USING (starts_with(key, 'device.') OR starts_with(key, 'ingest.'));
CREATE POLICY opmas_config_agent_delete ON opmas_config FOR DELETE TO opmas_agent
    USING (starts_with(key, 'agent.'));
CREATE POLICY opmas_config_finding_delete ON opmas_config FOR DELETE TO opmas_finding
    USING (starts_with(key, 'findings.'));
CREATE POLICY opmas_config_playbook_delete ON opmas_config FOR DELETE TO opmas_playbook
    USING (starts_with(key, 'playbook.'));
CREATE POLICY opmas_config_executor_delete ON opmas_config FOR DELETE TO opmas_executor
    USING (starts_with(key, 'executor.'));
