package org.opmas.schema.migration;

import java.sql.Connection;
import java.sql.Timestamp;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.schema.migration.Jdbc.assertFails;
import static org.opmas.schema.migration.Jdbc.count;
import static org.opmas.schema.migration.Jdbc.exec;
import static org.opmas.schema.migration.Jdbc.one;

/**
 * Each service role connects as itself (zonky's cluster uses trust authentication) and may touch only
 * what it owns. Work done as a role happens in a transaction that is rolled back.
 */
class RoleGrantsTest {

    static final String DENIED = "42501";

    static int deviceId;
    static int actionId;

    @BeforeAll
    static void fixtures() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            deviceId = one(c, "INSERT INTO devices (hostname, ip_address) VALUES ('grants-dev', '10.9.0.1') RETURNING id");
            exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint) VALUES (?, 'rsa', 'x', 'f')", deviceId);
            actionId = one(c, "INSERT INTO intended_actions (device_id, action_type, action_config, updated_at) "
                    + "VALUES (?, 'ssh', '{}', '2001-01-01T00:00:00Z') RETURNING id", deviceId);
            exec(c, "INSERT INTO opmas_config (key, value) VALUES ('executor.kill_switch', 'false'), ('agent.window', '60')");
        }
    }

    @AfterAll
    static void cleanup() throws Exception {
        try (Connection c = TestDatabase.owner()) {
            exec(c, "DELETE FROM intended_actions WHERE id = ?", actionId);
            exec(c, "DELETE FROM devices WHERE id = ?", deviceId);
            exec(c, "DELETE FROM opmas_config WHERE key IN ('executor.kill_switch', 'agent.window')");
        }
    }

    static Connection as(String role) throws Exception {
        Connection c = TestDatabase.as(role);
        c.setAutoCommit(false);
        return c;
    }

    @Test
    void deviceRoleOwnsDevicesKeysAndItsOutboxOnly() throws Exception {
        try (Connection c = as("opmas_device")) {
            int d = one(c, "INSERT INTO devices (hostname, ip_address) VALUES ('role-dev', '10.9.1.1') RETURNING id");
            exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint) VALUES (?, 'rsa', 'x', 'f')", d);
            exec(c, "UPDATE devices SET status = 'maintenance' WHERE id = ?", d);
            exec(c, "INSERT INTO device_outbox (event_id, topic, event_type, payload) VALUES (?, 'opmas.devices', 'x', '{}')", UUID.randomUUID());
            exec(c, "DELETE FROM devices WHERE id = ?", d);
            assertFails(c, DENIED, "SELECT count(*) FROM findings");
            assertFails(c, DENIED, "SELECT count(*) FROM agents");
            assertFails(c, DENIED, "SELECT count(*) FROM intended_actions");
            assertFails(c, DENIED, "SELECT count(*) FROM finding_outbox");
            assertFails(c, DENIED, "SELECT opmas_ensure_findings_partitions()");
            c.rollback();
        }
    }

    @Test
    void agentRoleOwnsAgentsAndRulesOnly() throws Exception {
        try (Connection c = as("opmas_agent")) {
            int a = one(c, "INSERT INTO agents (name, type) VALUES ('role-agent', 'wifi') RETURNING id");
            exec(c, "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r', 'regex', '{}')", a);
            exec(c, "UPDATE agent_rules SET priority = 3 WHERE agent_id = ?", a);
            exec(c, "DELETE FROM agents WHERE id = ?", a);
            assertFails(c, DENIED, "SELECT count(*) FROM devices");
            assertFails(c, DENIED, "SELECT count(*) FROM findings");
            assertFails(c, DENIED, "INSERT INTO findings (finding_type, severity) VALUES ('x', 'info')");
            assertFails(c, DENIED, "SELECT count(*) FROM playbooks");
            c.rollback();
        }
    }

    @Test
    void findingRoleOwnsFindingsThroughTheParentOnly() throws Exception {
        try (Connection c = as("opmas_finding")) {
            int f = one(c, "INSERT INTO findings (finding_type, severity, details) VALUES ('x', 'info', '{\"a\":{\"b\":1}}') RETURNING id");
            exec(c, "UPDATE findings SET status = 'resolved' WHERE id = ?", f);
            assertThat(count(c, "SELECT count(*) FROM findings WHERE details @> '{\"a\":{\"b\":1}}' AND id = ?", f)).isEqualTo(1);
            exec(c, "INSERT INTO finding_outbox (event_id, topic, event_type, payload) VALUES (?, 'opmas.findings', 'x', '{}')", UUID.randomUUID());
            exec(c, "DELETE FROM findings WHERE id = ?", f);
            assertFails(c, DENIED, "SELECT count(*) FROM findings_default");
            assertFails(c, DENIED, "SELECT count(*) FROM devices");
            assertFails(c, DENIED, "SELECT count(*) FROM intended_actions");
            c.rollback();
        }
    }

    @Test
    void playbookRolePlansActionsButCannotWriteExecutionColumns() throws Exception {
        try (Connection c = as("opmas_playbook")) {
            int p = one(c, "INSERT INTO playbooks (name, trigger_type) VALUES ('role-pb', 'finding') RETURNING id");
            exec(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, 'ssh', '{}')", p);
            exec(c, "INSERT INTO playbook_outbox (event_id, topic, event_type, payload) VALUES (?, 'opmas.actions.intended', 'x', '{}')", UUID.randomUUID());
            int ia = one(c, "INSERT INTO intended_actions (playbook_id, device_id, run_id, step_number, action_type, action_config) "
                    + "VALUES (?, ?, ?, 1, 'ssh', '{}') RETURNING id", p, deviceId, UUID.randomUUID());
            exec(c, "UPDATE intended_actions SET status = 'awaiting_approval', scheduled_at = now(), deadline_at = now(), "
                    + "dry_run = true, action_config = '{\"x\":1}' WHERE id = ?", ia);
            assertFails(c, DENIED, "UPDATE intended_actions SET executed_at = now() WHERE id = ?", ia);
            assertFails(c, DENIED, "UPDATE intended_actions SET result = '{}' WHERE id = ?", ia);
            assertFails(c, DENIED, "UPDATE intended_actions SET attempts = 1 WHERE id = ?", ia);
            assertFails(c, DENIED, "UPDATE intended_actions SET started_at = now() WHERE id = ?", ia);
            exec(c, "DELETE FROM intended_actions WHERE id = ?", ia);
            assertThat(count(c, "SELECT count(*) FROM devices WHERE id = ?", deviceId)).isEqualTo(1);
            assertFails(c, DENIED, "UPDATE devices SET model = 'x' WHERE id = ?", deviceId);
            assertFails(c, DENIED, "SELECT count(*) FROM ssh_keys");
            assertFails(c, DENIED, "SELECT count(*) FROM findings");
            assertFails(c, DENIED, "SELECT count(*) FROM agent_rules");
            c.rollback();
        }
    }

    @Test
    void executorRoleUpdatesOnlyExecutionColumns() throws Exception {
        try (Connection c = as("opmas_executor")) {
            assertFails(c, DENIED, "UPDATE intended_actions SET action_config = '{\"rm\":1}' WHERE id = ?", actionId);
            assertFails(c, DENIED, "UPDATE intended_actions SET action_type = 'x' WHERE id = ?", actionId);
            assertFails(c, DENIED, "INSERT INTO intended_actions (action_type, action_config) VALUES ('ssh', '{}')");
            assertFails(c, DENIED, "DELETE FROM intended_actions WHERE id = ?", actionId);
            // compare-and-set claim on the status
            assertThat(exec(c, "UPDATE intended_actions SET status = 'running', started_at = now(), attempts = attempts + 1 "
                    + "WHERE id = ? AND status = 'pending'", actionId)).isEqualTo(1);
            exec(c, "UPDATE intended_actions SET status = 'succeeded', executed_at = now(), result = '{\"ok\":true}' WHERE id = ?", actionId);
            Timestamp updated = one(c, "SELECT updated_at FROM intended_actions WHERE id = ?", actionId);
            assertThat(updated.toInstant().getEpochSecond()).as("trigger ran for the executor").isGreaterThan(1_000_000_000L + 100_000_000L);
            assertThat(count(c, "SELECT count(*) FROM devices d JOIN ssh_keys k ON k.device_id = d.id WHERE d.id = ?", deviceId)).isEqualTo(1);
            assertFails(c, DENIED, "UPDATE devices SET status = 'inactive' WHERE id = ?", deviceId);
            assertFails(c, DENIED, "UPDATE ssh_keys SET is_active = false WHERE device_id = ?", deviceId);
            exec(c, "INSERT INTO executor_outbox (event_id, topic, event_type, payload) VALUES (?, 'opmas.actions.results', 'x', '{}')", UUID.randomUUID());
            assertFails(c, DENIED, "SELECT count(*) FROM findings");
            assertFails(c, DENIED, "SELECT count(*) FROM playbooks");
            c.rollback();
        }
    }

    @Test
    void opmasConfigIsReadableByAllAndWritableOnlyUnderTheRolesOwnPrefixes() throws Exception {
        for (String role : new String[] {"opmas_device", "opmas_agent", "opmas_finding", "opmas_playbook", "opmas_executor"}) {
            try (Connection c = as(role)) {
                assertThat(count(c, "SELECT count(*) FROM opmas_config WHERE key IN ('executor.kill_switch', 'agent.window')"))
                        .as(role).isEqualTo(2);
                assertFails(c, DENIED, "DELETE FROM opmas_config WHERE key = 'agent.window'");
                c.rollback();
            }
        }
        try (Connection c = as("opmas_agent")) {
            assertFails(c, DENIED, "INSERT INTO opmas_config (key, value) VALUES ('executor.kill_switch2', 'true')");
            // someone else's row is invisible to UPDATE: nothing changes
            assertThat(exec(c, "UPDATE opmas_config SET value = 'true' WHERE key = 'executor.kill_switch'")).isZero();
            exec(c, "INSERT INTO opmas_config (key, value) VALUES ('agent.new_key', '1')");
            assertThat(exec(c, "UPDATE opmas_config SET value = '120' WHERE key = 'agent.window'")).isEqualTo(1);
            // moving an own row out of the own prefix is refused
            assertFails(c, DENIED, "UPDATE opmas_config SET key = 'executor.window' WHERE key = 'agent.window'");
            c.rollback();
        }
        try (Connection c = as("opmas_device")) {
            exec(c, "INSERT INTO opmas_config (key, value) VALUES ('device.a', '1'), ('ingest.b', '2')");
            assertFails(c, DENIED, "INSERT INTO opmas_config (key, value) VALUES ('findings.x', '1')");
            c.rollback();
        }
        String[][] own = {{"opmas_finding", "findings.retention_months", "device.x"}, {"opmas_playbook", "playbook.x", "findings.x"},
                {"opmas_executor", "executor.x", "playbook.x"}};
        for (String[] o : own) {
            try (Connection c = as(o[0])) {
                exec(c, "INSERT INTO opmas_config (key, value) VALUES (?, '1')", o[1]);
                assertFails(c, DENIED, "INSERT INTO opmas_config (key, value) VALUES (?, '1')", o[2]);
                c.rollback();
            }
        }
        try (Connection c = TestDatabase.owner()) {
            assertThat((String) one(c, "SELECT value::text FROM opmas_config WHERE key = 'executor.kill_switch'")).isEqualTo("false");
        }
    }

    @Test
    void rolesAreLoginRolesWithoutPrivilegesOfTheirOwn() throws Exception {
        try (Connection c = TestDatabase.owner()) {
            assertThat(count(c, "SELECT count(*) FROM pg_roles WHERE rolname IN ('opmas_device', 'opmas_agent', 'opmas_finding', "
                    + "'opmas_playbook', 'opmas_executor') AND rolcanlogin AND NOT rolsuper AND NOT rolcreaterole "
                    + "AND NOT rolcreatedb AND NOT rolbypassrls")).isEqualTo(5);
            assertThat(count(c, "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' "
                    + "AND table_schema = 'public'")).isZero();
        }
    }
}
