-- Seeds bench findings number :first .. :last (1,000,000 for the benchmark) spread evenly over the last
-- 365 days (13 monthly partitions) and 1,000 devices, for the finding-service query benchmark.
-- Run as the database owner, never in the test suite:
--   psql -v ON_ERROR_STOP=1 -v first=1 -v last=1000000 -f seed-findings.sql
-- FindingQueryBench runs it the same way (substituting :first/:last) and only seeds rows it has not
-- seeded before, so re-running the benchmark does not grow the table.
SELECT opmas_create_findings_partition(date_trunc('month', now()) - (m || ' months')::interval)
FROM generate_series(0, 12) m;
-- Four tenants of 250 devices each, so the row-level security plans of one tenant filter 3/4 of the rows
-- (findings inherit the tenant from their device by trigger).
INSERT INTO devices (hostname, ip_address, tenant_id)
SELECT 'bench-' || g, ('10.200.' || (g / 250) || '.' || (g % 250 + 1))::inet, 'bench-t' || (g % 4)
FROM generate_series(1, 1000) g
ON CONFLICT DO NOTHING;
INSERT INTO agents (name, type) VALUES ('bench-agent', 'security') ON CONFLICT (name) DO NOTHING;
-- Devices by array position, so ids need not be contiguous.
WITH bench AS (SELECT (SELECT id FROM agents WHERE name = 'bench-agent') AS agent_id,
                      (SELECT array_agg(id ORDER BY id) FROM devices WHERE hostname LIKE 'bench-%') AS devices)
INSERT INTO findings (agent_id, device_id, finding_type, severity, description, details, status, fingerprint,
                      occurrence_count, first_seen_at, last_seen_at, created_at)
SELECT bench.agent_id,
       bench.devices[1 + g % array_length(bench.devices, 1)],
       (ARRAY['ssh_brute_force','deauth_flood','oom_kill','wan_flap','dfs_radar'])[1 + g % 5],
       (ARRAY['info','warning','error','critical'])[1 + g % 4],
       'bench finding ' || g || ' from 198.51.' || (g % 250) || '.' || (g % 199),
       jsonb_build_object('source_ip', '198.51.' || (g % 250) || '.' || (g % 199), 'count', g % 50),
       (ARRAY['new','acknowledged','resolved','false_positive'])[1 + g % 4],
       'bench:' || g, 1 + g % 7, ts, ts, ts
FROM bench,
     (SELECT g, now() - ((g % 365) || ' days')::interval - ((g % 86400) || ' seconds')::interval AS ts
      FROM generate_series(:first, :last) g) s;
