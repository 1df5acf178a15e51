-- Reason: seed the four default agents and the detection catalogue (REFERENCE.md) as data.
-- Rules are plain rows: the engine knows rule types, never rule names. Re-running is harmless
-- (ON CONFLICT DO NOTHING), and an operator's later edits of these rows are never overwritten.

INSERT INTO agents (name, type, description, is_active, config) VALUES ('wifi', 'wifi', 'Wireless: client authentication, deauthentication floods, DFS radar, signal quality, radio driver crashes (hostapd, kernel)', true, '{}'::jsonb)
    ON CONFLICT ON CONSTRAINT uq_agents_name DO NOTHING;
INSERT INTO agents (name, type, description, is_active, config) VALUES ('security', 'security', 'Access security: SSH brute force against dropbear, logins after failures', true, '{}'::jsonb)
    ON CONFLICT ON CONSTRAINT uq_agents_name DO NOTHING;
INSERT INTO agents (name, type, description, is_active, config) VALUES ('health', 'health', 'System health: OOM kills, flash filesystem errors, procd crash loops, reboots, silent devices', true, '{}'::jsonb)
    ON CONFLICT ON CONSTRAINT uq_agents_name DO NOTHING;
INSERT INTO agents (name, type, description, is_active, config) VALUES ('wan', 'wan', 'Uplink: interface flapping, WAN down without recovery, DHCP pool exhaustion, PPP authentication', true, '{}'::jsonb)
    ON CONFLICT ON CONSTRAINT uq_agents_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'HighAuthFailureRate', 'Repeated WPA/802.11 authentication failures from one client (wrong PSK, EAPOL timeouts)', 'threshold',
       '{"program": ["hostapd", "wpa_supplicant"], "message_regex": "^(?<interface>[\\w.-]+): (?=AP-STA-POSSIBLE-PSK-MISMATCH |STA [0-9A-Fa-f:]{17} (?:WPA: (?:EAPOL-Key timeout|invalid MIC in msg \\d/4|pairwise key handshake failed|4-Way Handshake failed)|IEEE 802\\.1X: authentication failed|IEEE 802\\.11: (?:authentication|association) failed))(?:AP-STA-POSSIBLE-PSK-MISMATCH|STA) (?<mac>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})", "group_by": ["mac"], "threshold": 10, "window_seconds": 60, "cooldown_seconds": 300}'::jsonb,
       '{"finding_type": "wifi_auth_failure", "severity": "warning", "description": "{count} authentication failures of client {mac} on {interface} within {window_seconds} s"}'::jsonb, 50, true
FROM agents a WHERE a.name = 'wifi'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'DeauthFlood', 'Burst of deauthentications/disassociations of one client', 'threshold',
       '{"program": ["hostapd"], "message_regex": "^(?<interface>[\\w.-]+): STA (?<mac>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}) IEEE 802\\.11: (?<event>deauthenticated|disassociated)", "group_by": ["mac"], "threshold": 20, "window_seconds": 10, "cooldown_seconds": 300}'::jsonb,
       '{"finding_type": "deauth_flood", "severity": "error", "description": "{count} deauthentications/disassociations of client {mac} on {interface} within {window_seconds} s"}'::jsonb, 60, true
FROM agents a WHERE a.name = 'wifi'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'DFSRadarDetected', 'Radar detected on a DFS channel (the radio must leave the channel)', 'threshold',
       '{"program": ["hostapd"], "message_regex": "^(?<interface>[\\w.-]+): DFS-RADAR-DETECTED freq=(?<freq>\\d+)", "group_by": ["interface", "freq"], "threshold": 3, "window_seconds": 3600, "cooldown_seconds": 1800}'::jsonb,
       '{"finding_type": "dfs_radar", "severity": "warning", "description": "Radar detected {count} times on {interface} at {freq} MHz within {window_seconds} s"}'::jsonb, 40, true
FROM agents a WHERE a.name = 'wifi'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'LowSignalStrength', 'Client with a weak average signal (needs a station monitor that logs ''STA <mac> signal <n> dBm'')', 'aggregate',
       '{"message_regex": "(?<mac>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\\b.*?\\bsignal[:=]?\\s*(?<signal>-\\d{1,3})\\s*dBm", "group_by": ["mac"], "value": "signal", "function": "avg", "operator": "lt", "bound": -75, "min_samples": 5, "window_seconds": 300, "cooldown_seconds": 900}'::jsonb,
       '{"finding_type": "low_signal", "severity": "info", "description": "Client {mac} averaged {aggregate} dBm over {samples} readings (bound {bound} dBm)"}'::jsonb, 20, true
FROM agents a WHERE a.name = 'wifi'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'DriverCrash', 'Wireless firmware/driver crash (mt76, ath10k/ath11k, ...)', 'threshold',
       '{"program": ["kernel"], "message_regex": "^(?:\\[\\s*\\d+\\.\\d+\\] ?)?(?<driver>[\\w-]+) (?<bus_id>[0-9A-Fa-f]{4}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\\.\\d): (?i:firmware crashed|firmware error detected|device crashed)", "group_by": ["bus_id"], "threshold": 2, "window_seconds": 3600, "cooldown_seconds": 1800}'::jsonb,
       '{"finding_type": "driver_crash", "severity": "error", "description": "{driver} at {bus_id} crashed {count} times within {window_seconds} s"}'::jsonb, 70, true
FROM agents a WHERE a.name = 'wifi'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'RepeatedSSHLoginFailure', 'Dropbear password failures / unknown users from one source IP', 'threshold',
       '{"program": ["dropbear"], "message_regex": "^(?:Bad password attempt for ''(?<user>[^'']{0,64})''|Login attempt for nonexistent user(?: ''[^'']{0,64}'')?) from \\[?(?<source_ip>[0-9A-Fa-f.:]+?)\\]?:\\d+$", "group_by": ["source_ip"], "threshold": 5, "window_seconds": 120, "cooldown_seconds": 600}'::jsonb,
       '{"finding_type": "ssh_brute_force", "severity": "warning", "description": "{count} failed SSH logins from {source_ip} within {window_seconds} s"}'::jsonb, 100, true
FROM agents a WHERE a.name = 'security'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'SSHLoginAfterFailures', 'A successful dropbear login from an address that just failed repeatedly', 'sequence',
       '{"program": ["dropbear"], "first": {"message_regex": "^(?:Bad password attempt for ''(?<user>[^'']{0,64})''|Login attempt for nonexistent user(?: ''[^'']{0,64}'')?) from \\[?(?<source_ip>[0-9A-Fa-f.:]+?)\\]?:\\d+$"}, "first_count": 3, "then": {"message_regex": "^(?:Password|Pubkey) auth succeeded for ''(?<user>[^'']{0,64})''.* from \\[?(?<source_ip>[0-9A-Fa-f.:]+?)\\]?:\\d+$"}, "within_seconds": 600, "group_by": ["source_ip"], "cooldown_seconds": 600}'::jsonb,
       '{"finding_type": "ssh_login_after_failures", "severity": "critical", "description": "SSH login as {user} from {source_ip} succeeded after {count} failures within {within_seconds} s"}'::jsonb, 110, true
FROM agents a WHERE a.name = 'security'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'OOMKillerInvoked', 'The kernel OOM killer killed a process', 'match',
       '{"program": ["kernel"], "message_regex": "Out of memory: Killed process (?<pid>\\d+) \\((?<process>[^)]{1,64})\\)", "cooldown_seconds": 3600}'::jsonb,
       '{"finding_type": "oom_kill", "severity": "critical", "description": "Out of memory: the kernel killed {process} (pid {pid})"}'::jsonb, 100, true
FROM agents a WHERE a.name = 'health'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'FlashFilesystemError', 'JFFS2/UBIFS/UBI errors on the flash filesystem', 'match',
       '{"program": ["kernel"], "message_regex": "^(?:\\[\\s*\\d+\\.\\d+\\] ?)?(?<fs>UBIFS error|UBI error|jffs2(?:_\\w+\\(\\))?:)", "exclude_regex": "^(?:\\[\\s*\\d+\\.\\d+\\] ?)?jffs2: notice", "cooldown_seconds": 3600}'::jsonb,
       '{"finding_type": "filesystem_error", "severity": "error", "description": "Flash filesystem error ({fs}): {message}"}'::jsonb, 90, true
FROM agents a WHERE a.name = 'health'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'ProcdCrashLoop', 'procd gave up restarting a service that keeps crashing', 'match',
       '{"program": ["procd"], "message_regex": "Instance (?<service>[\\w.-]+)::(?<instance>[\\w.-]+) s in a crash loop (?<crashes>\\d+) crashes", "group_by": ["service"], "cooldown_seconds": 1800}'::jsonb,
       '{"finding_type": "service_crash_loop", "severity": "error", "description": "Service {service} ({instance}) is in a crash loop: {crashes} crashes"}'::jsonb, 80, true
FROM agents a WHERE a.name = 'health'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'DeviceRebooted', 'The kernel booted (expected after an upgrade, otherwise a crash or power loss)', 'match',
       '{"program": ["kernel"], "message_regex": "^(?:\\[\\s*\\d+\\.\\d+\\] ?)?Linux version (?<kernel_version>\\S+)", "cooldown_seconds": 600}'::jsonb,
       '{"finding_type": "device_rebooted", "severity": "warning", "description": "Device booted kernel {kernel_version}"}'::jsonb, 30, true
FROM agents a WHERE a.name = 'health'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'DeviceSilent', 'A device that used to log has sent nothing for 10 minutes', 'absence',
       '{"silence_seconds": 600, "cooldown_seconds": 3600}'::jsonb,
       '{"finding_type": "device_silent", "severity": "warning", "description": "No log from device {device_id} since {last_seen_at} ({silence_seconds} s)"}'::jsonb, 10, true
FROM agents a WHERE a.name = 'health'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'InterfaceFlapping', 'netifd interface going up and down repeatedly', 'threshold',
       '{"program": ["netifd"], "message_regex": "^Interface ''(?<interface>[^'']{1,64})'' (?<transition>is now up|is now down|has link connectivity loss)", "group_by": ["interface"], "threshold": 5, "window_seconds": 300, "cooldown_seconds": 600}'::jsonb,
       '{"finding_type": "interface_flapping", "severity": "warning", "description": "Interface {interface} changed state {count} times within {window_seconds} s"}'::jsonb, 60, true
FROM agents a WHERE a.name = 'wan'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'WanDownNotRecovered', 'The WAN interface went down and was not back up within a minute', 'sequence',
       '{"program": ["netifd"], "first": {"message_regex": "^Interface ''(?<interface>wan6?)'' is now down"}, "then": {"message_regex": "^Interface ''(?<interface>wan6?)'' is now up"}, "mode": "a_without_b", "within_seconds": 60, "group_by": ["interface"], "cooldown_seconds": 600}'::jsonb,
       '{"finding_type": "wan_down", "severity": "error", "description": "Interface {interface} went down and did not come back within {within_seconds} s"}'::jsonb, 100, true
FROM agents a WHERE a.name = 'wan'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'DHCPPoolExhausted', 'dnsmasq has no free address left for a DHCP request', 'match',
       '{"program": ["dnsmasq-dhcp", "dnsmasq"], "message_regex": "no address range available for DHCP request via (?<interface>[\\w.-]+)", "group_by": ["interface"], "cooldown_seconds": 1800}'::jsonb,
       '{"finding_type": "dhcp_pool_exhausted", "severity": "warning", "description": "DHCP pool on {interface} is exhausted"}'::jsonb, 50, true
FROM agents a WHERE a.name = 'wan'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;

INSERT INTO agent_rules (agent_id, name, description, rule_type, conditions, actions, priority, is_active)
SELECT a.id, 'PPPAuthFailure', 'PPPoE/PPP authentication rejected by the ISP', 'threshold',
       '{"program": ["pppd"], "message_regex": "^(?<method>PAP|CHAP) authentication failed", "threshold": 2, "window_seconds": 300, "cooldown_seconds": 900}'::jsonb,
       '{"finding_type": "ppp_auth_failure", "severity": "error", "description": "{method} authentication failed {count} times within {window_seconds} s"}'::jsonb, 50, true
FROM agents a WHERE a.name = 'wan'
ON CONFLICT ON CONSTRAINT uq_agent_rules_agent_id_name DO NOTHING;
