-- Undo V20_1: remove the seeded default rules and agents (rules of these agents go with them, ON DELETE CASCADE).
-- An agent that findings refer to cannot be deleted (fk_findings_agent): deactivate it instead.
DELETE FROM agent_rules r USING agents a WHERE r.agent_id = a.id AND a.name IN ('wifi', 'security', 'health', 'wan')
    AND r.name IN ('HighAuthFailureRate', 'DeauthFlood', 'DFSRadarDetected', 'LowSignalStrength', 'DriverCrash', 'RepeatedSSHLoginFailure', 'SSHLoginAfterFailures', 'OOMKillerInvoked', 'FlashFilesystemError', 'ProcdCrashLoop', 'DeviceRebooted', 'DeviceSilent', 'InterfaceFlapping', 'WanDownNotRecovered', 'DHCPPoolExhausted', 'PPPAuthFailure');
DELETE FROM agents a WHERE a.name IN ('wifi', 'security', 'health', 'wan')
    AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.agent_id = a.id);
UPDATE agents SET is_active = false WHERE name IN ('wifi', 'security', 'health', 'wan');
