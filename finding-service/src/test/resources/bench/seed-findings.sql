-- Seeds 1,000,000 findings across 12 months and 1,000 devices for the finding-service benchmark.
-- Run as the database owner (psql -v ON_ERROR_STOP=1 -f seed-findings.sql), never in the test suite.
SELECT opmas_create_findings_partition(date_trunc('month', now()) - (m || ' months')::interval)
FROM generate_series(0, 11) m;
INSERT INTO devices (hostname, ip_address)
SELECT 'bench-' || g, ('10.200.' || (g / 250) || '.' || (g % 250 + 1))::inet FROM generate_series(1, 1000) g
ON CONFLICT DO NOTHING;
INSERT INTO agents (name, type) VALUES ('bench-agent', 'security') ON CONFLICT (name) DO NOTHING;
INSERT INTO findings (agent_id, device_id, finding_type, severity, description, details, status, fingerprint,
                      occurrence_count, first_seen_at, last_seen_at, created_at)
SELECT (SELECT id FROM agents WHERE name = 'bench-agent'),
       (SELECT min(id) FROM devices WHERE hostname LIKE 'bench-%') + (g % 1000),
       (ARRAY['ssh_brute_force','deauth_flood','oom_kill','wan_flap','dfs_radar'])[1 + g % 5],
       (ARRAY['info','warning','error','critical'])[1 + g % 4],
       'bench finding ' || g || ' from 198.51.' || (g % 250) || '.' || (g % 199),
       jsonb_build_object('source_ip', '198.51.' || (g % 250) || '.' || (g % 199), 'count', g % 50),
       (ARRAY['new','acknowledged','resolved','false_positive'])[1 + g % 4],
       'bench:' || g, 1 + g % 7, ts, ts, ts
FROM (SELECT g, now() - ((g % 365) || ' days')::interval - ((g % 86400) || ' seconds')::interval AS ts
      FROM generate_series(1, 1000000) g) s;
ANALYZE findings;
