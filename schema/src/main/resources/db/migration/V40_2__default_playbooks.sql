-- Reason: issue #6 - default playbooks for the default detections (docs/PLAYBOOK-SERVICE.md): diagnostics first, remediations require approval.
-- Seeded as data; operators edit or deactivate them through the API. Names are unique, so an
-- operator's playbook of the same name (created before this migration ran) is left alone.

INSERT INTO playbooks (name, description, trigger_type, trigger_conditions, is_active, policy) VALUES
    ('default-ssh-brute-force',
     'Collect the log, then block the brute-forcing source IP in the firewall (approval required).',
     'finding', '{"finding_type": "ssh_brute_force"}', true,
     '{"cooldown_seconds": 600, "max_runs_per_device_per_hour": 6}'),
    ('default-interface-flapping',
     'Show the flapping interface''s status, then restart it (approval required).',
     'finding', '{"finding_type": "interface_flapping"}', true,
     '{"cooldown_seconds": 600, "max_runs_per_device_per_hour": 3}'),
    ('default-driver-crash',
     'Collect kernel and wireless diagnostics, then reload wifi (approval required).',
     'finding', '{"finding_type": "driver_crash"}', true,
     '{"cooldown_seconds": 1800, "max_runs_per_device_per_hour": 2}'),
    ('default-oom-kill',
     'Collect memory, process and log diagnostics after an OOM kill.',
     'finding', '{"finding_type": "oom_kill"}', true,
     '{"cooldown_seconds": 3600, "max_runs_per_device_per_hour": 1}'),
    ('default-deauth-flood',
     'Collect wireless diagnostics, then deny the flooding client MAC on every wifi interface (approval required).',
     'finding', '{"finding_type": "deauth_flood"}', true,
     '{"cooldown_seconds": 300, "max_runs_per_device_per_hour": 6}'),
    ('default-dfs-radar',
     'Collect wireless diagnostics after DFS radar events.',
     'finding', '{"finding_type": "dfs_radar"}', true,
     '{"cooldown_seconds": 1800, "max_runs_per_device_per_hour": 2}')
ON CONFLICT ON CONSTRAINT uq_playbooks_name DO NOTHING;

INSERT INTO playbook_steps (playbook_id, step_number, name, action_type, action_config, timeout_seconds,
                            retry_count, continue_on_failure, requires_approval)
SELECT p.id, s.step_number, s.name, s.action_type, s.action_config::jsonb, s.timeout_seconds, s.retry_count,
       s.continue_on_failure, s.requires_approval
FROM (VALUES
    ('default-ssh-brute-force', 1, 'recent log', 'collect_diagnostics',
     '{"commands": ["logread -l 100"]}', 30, 1, true, false),
    ('default-ssh-brute-force', 2, 'block source IP', 'block_ip',
     '{"ip": "{{details.source_ip:ip}}"}', 30, 1, false, true),
    ('default-interface-flapping', 1, 'interface status', 'ssh_command',
     '{"command": "ifstatus {{details.interface:iface}}"}', 30, 1, true, false),
    ('default-interface-flapping', 2, 'restart interface', 'interface_restart',
     '{"interface": "{{details.interface:iface}}"}', 60, 0, false, true),
    ('default-driver-crash', 1, 'kernel and wireless diagnostics', 'collect_diagnostics',
     '{"commands": ["dmesg | tail -n 50", "iwinfo", "logread -l 100"]}', 30, 1, true, false),
    ('default-driver-crash', 2, 'reload wifi', 'wifi_reload', '{}', 60, 0, false, true),
    ('default-oom-kill', 1, 'memory and process diagnostics', 'collect_diagnostics',
     '{"commands": ["free", "top -b -n 1", "logread -l 100"]}', 30, 1, false, false),
    ('default-deauth-flood', 1, 'wireless diagnostics', 'collect_diagnostics',
     '{"commands": ["iwinfo", "logread -l 100"]}', 30, 1, true, false),
    ('default-deauth-flood', 2, 'deny client MAC', 'block_mac',
     '{"mac": "{{details.mac:mac}}"}', 60, 0, false, true),
    ('default-dfs-radar', 1, 'wireless diagnostics', 'collect_diagnostics',
     '{"commands": ["iwinfo", "logread -l 100"]}', 30, 1, false, false)
) AS s (playbook, step_number, name, action_type, action_config, timeout_seconds, retry_count,
        continue_on_failure, requires_approval)
JOIN playbooks p ON p.name = s.playbook
WHERE NOT EXISTS (SELECT 1 FROM playbook_steps x WHERE x.playbook_id = p.id);
