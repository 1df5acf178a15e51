-- Undoes V40_2__default_playbooks.sql: removes the seeded playbooks that never ran (their steps
-- go with them); a seeded playbook with intended actions is history and stays.
DELETE FROM playbooks p
WHERE p.name IN ('default-ssh-brute-force', 'default-interface-flapping', 'default-driver-crash',
                 'default-oom-kill', 'default-deauth-flood', 'default-dfs-radar')
  AND NOT EXISTS (SELECT 1 FROM intended_actions a WHERE a.playbook_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM playbook_runs r WHERE r.playbook_id = p.id);
