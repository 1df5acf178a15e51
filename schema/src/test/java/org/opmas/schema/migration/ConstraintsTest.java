package org.opmas.schema.migration;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.schema.migration.Jdbc.assertViolates;
import static org.opmas.schema.migration.Jdbc.count;
import static org.opmas.schema.migration.Jdbc.exec;
import static org.opmas.schema.migration.Jdbc.one;

/**
 * CHECK, UNIQUE and FK behaviour of the seed tables. Every test runs in one transaction that is rolled
 * back afterwards, so tests stay independent on the shared database.
 */
class ConstraintsTest {

    static final String CHECK = "23514";
    static final String UNIQUE = "23505";
    static final String FK = "23503";
    static final String NOT_NULL = "23502";

    Connection c;

    @BeforeEach
    void begin() throws Exception {
        TestDatabase.postgres();
        c = TestDatabase.owner();
        c.setAutoCommit(false);
    }

    @AfterEach
    void rollback() throws Exception {
        c.rollback();
        c.close();
    }

    int device(String hostname, String ip) throws Exception {
        return one(c, "INSERT INTO devices (hostname, ip_address) VALUES (?, ?::inet) RETURNING id", hostname, ip);
    }

    int agent(String name) throws Exception {
        return one(c, "INSERT INTO agents (name, type) VALUES (?, 'wifi') RETURNING id", name);
    }

    int playbook(String name) throws Exception {
        return one(c, "INSERT INTO playbooks (name, trigger_type) VALUES (?, 'finding') RETURNING id", name);
    }

    static String uniq() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    // --- CHECK constraints -----------------------------------------------------------------------

    @Test
    void findingSeverityAndStatusAreChecked() throws Exception {
        int d = device("h-" + uniq(), "10.1.0.1");
        for (String ok : new String[] {"info", "warning", "error", "critical"}) {
            exec(c, "INSERT INTO findings (device_id, finding_type, severity) VALUES (?, 't', ?)", d, ok);
        }
        assertViolates(c, CHECK, "ck_findings_severity",
                "INSERT INTO findings (device_id, finding_type, severity) VALUES (?, 't', 'fatal')", d);
        assertViolates(c, CHECK, "ck_findings_severity",
                "INSERT INTO findings (device_id, finding_type, severity) VALUES (?, 't', 'INFO')", d);
        for (String ok : new String[] {"new", "acknowledged", "resolved", "false_positive"}) {
            exec(c, "INSERT INTO findings (finding_type, severity, status) VALUES ('t', 'info', ?)", ok);
        }
        assertViolates(c, CHECK, "ck_findings_status",
                "INSERT INTO findings (finding_type, severity, status) VALUES ('t', 'info', 'closed')");
        assertViolates(c, NOT_NULL, null, "INSERT INTO findings (finding_type) VALUES ('t')");
        assertThat((String) one(c, "INSERT INTO findings (finding_type, severity) VALUES ('t', 'info') RETURNING status"))
                .isEqualTo("new");
    }

    @Test
    void intendedActionStatusIsChecked() throws Exception {
        for (String ok : new String[] {"pending", "awaiting_approval", "approved", "running", "succeeded", "failed",
                "timed_out", "cancelled", "skipped"}) {
            exec(c, "INSERT INTO intended_actions (status, action_type, action_config) VALUES (?, 'ssh', '{}')", ok);
        }
        assertViolates(c, CHECK, "ck_intended_actions_status",
                "INSERT INTO intended_actions (status, action_type, action_config) VALUES ('done', 'ssh', '{}')");
        assertViolates(c, CHECK, "ck_intended_actions_action_type",
                "INSERT INTO intended_actions (action_type, action_config) VALUES ('  ', '{}')");
        assertViolates(c, CHECK, "ck_intended_actions_attempts",
                "INSERT INTO intended_actions (action_type, action_config, attempts) VALUES ('ssh', '{}', -1)");
        assertThat((String) one(c, "INSERT INTO intended_actions (action_type, action_config) VALUES ('ssh', '{}') "
                + "RETURNING status || '/' || dry_run || '/' || attempts")).isEqualTo("pending/false/0");
    }

    @Test
    void deviceStatusIsChecked() throws Exception {
        String[] ok = {"active", "inactive", "maintenance", "unreachable", "decommissioned"};
        for (int i = 0; i < ok.length; i++) {
            exec(c, "INSERT INTO devices (hostname, ip_address, status) VALUES (?, ?::inet, ?)", "d" + i + uniq(), "10.2.0." + (i + 1), ok[i]);
        }
        assertViolates(c, CHECK, "ck_devices_status",
                "INSERT INTO devices (hostname, ip_address, status) VALUES ('x-bad', '10.2.1.1', 'broken')");
        assertThat((String) one(c, "INSERT INTO devices (hostname, ip_address) VALUES ('x-def', '10.2.1.2') RETURNING status"))
                .isEqualTo("active");
    }

    @Test
    void sensibleChecksOnStepsAndTypes() throws Exception {
        int p = playbook("pb-" + uniq());
        assertViolates(c, CHECK, "ck_playbook_steps_step_number",
                "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 0, 'ssh', '{}')", p);
        assertViolates(c, CHECK, "ck_playbook_steps_timeout_seconds",
                "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config, timeout_seconds) VALUES (?, 1, 'ssh', '{}', 0)", p);
        assertViolates(c, CHECK, "ck_playbook_steps_retry_count",
                "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config, retry_count) VALUES (?, 1, 'ssh', '{}', -1)", p);
        assertViolates(c, CHECK, "ck_playbook_steps_action_type",
                "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, '', '{}')", p);
        assertThat((String) one(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) "
                + "VALUES (?, 1, 'ssh', '{}') RETURNING timeout_seconds || '/' || retry_count", p)).isEqualTo("30/0");
        assertViolates(c, CHECK, "ck_agents_type", "INSERT INTO agents (name, type) VALUES ('a-empty', '')");
        int a = agent("a-" + uniq());
        assertViolates(c, CHECK, "ck_agent_rules_rule_type",
                "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r', ' ', '{}')", a);
        assertViolates(c, CHECK, "ck_playbooks_trigger_type", "INSERT INTO playbooks (name, trigger_type) VALUES ('p-empty', '')");
    }

    // --- UNIQUE constraints ----------------------------------------------------------------------

    @Test
    void uniqueHostnameAndIp() throws Exception {
        device("dup-host", "10.3.0.1");
        assertViolates(c, UNIQUE, "uq_devices_hostname", "INSERT INTO devices (hostname, ip_address) VALUES ('dup-host', '10.3.0.2')");
        assertViolates(c, UNIQUE, "uq_devices_ip_address", "INSERT INTO devices (hostname, ip_address) VALUES ('other', '10.3.0.1')");
    }

    @Test
    void uniqueAgentNameAndRuleNamePerAgent() throws Exception {
        int a1 = agent("dup-agent");
        int a2 = agent("other-agent");
        assertViolates(c, UNIQUE, "uq_agents_name", "INSERT INTO agents (name, type) VALUES ('dup-agent', 'x')");
        exec(c, "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r1', 'regex', '{}')", a1);
        exec(c, "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r1', 'regex', '{}')", a2);
        assertViolates(c, UNIQUE, "uq_agent_rules_agent_id_name",
                "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r1', 'regex', '{}')", a1);
    }

    @Test
    void uniquePlaybookNameAndStepNumberPerPlaybook() throws Exception {
        int p1 = playbook("dup-playbook");
        int p2 = playbook("other-playbook");
        assertViolates(c, UNIQUE, "uq_playbooks_name", "INSERT INTO playbooks (name, trigger_type) VALUES ('dup-playbook', 'x')");
        exec(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, 'ssh', '{}')", p1);
        exec(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, 'ssh', '{}')", p2);
        assertViolates(c, UNIQUE, "uq_playbook_steps_playbook_id_step_number",
                "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, 'ssh', '{}')", p1);
    }

    @Test
    void uniqueConfigKeyAndOutboxEventId() throws Exception {
        exec(c, "INSERT INTO opmas_config (key, value) VALUES ('test.unique', '1')");
        assertViolates(c, UNIQUE, "uq_opmas_config_key", "INSERT INTO opmas_config (key, value) VALUES ('test.unique', '2')");
        UUID id = UUID.randomUUID();
        for (String t : new String[] {"device_outbox", "finding_outbox", "playbook_outbox", "executor_outbox"}) {
            exec(c, "INSERT INTO " + t + " (event_id, topic, event_type, payload) VALUES (?, 'opmas.x', 'x', '{}')", id);
            assertViolates(c, UNIQUE, "uq_" + t + "_event_id",
                    "INSERT INTO " + t + " (event_id, topic, event_type, payload) VALUES (?, 'opmas.x', 'x', '{}')", id);
        }
    }

    // --- cascades and their absence ---------------------------------------------------------------

    @Test
    void deletingAnAgentDeletesItsRulesOnly() throws Exception {
        int a1 = agent("cascade-a1");
        int a2 = agent("cascade-a2");
        exec(c, "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r1', 'regex', '{}'), (?, 'r2', 'regex', '{}')", a1, a1);
        exec(c, "INSERT INTO agent_rules (agent_id, name, rule_type, conditions) VALUES (?, 'r1', 'regex', '{}')", a2);
        exec(c, "DELETE FROM agents WHERE id = ?", a1);
        assertThat(count(c, "SELECT count(*) FROM agent_rules WHERE agent_id = ?", a1)).isZero();
        assertThat(count(c, "SELECT count(*) FROM agent_rules WHERE agent_id = ?", a2)).isEqualTo(1);
    }

    @Test
    void deletingAnAgentWithFindingsFails() throws Exception {
        int a = agent("agent-with-findings");
        exec(c, "INSERT INTO findings (agent_id, finding_type, severity) VALUES (?, 't', 'info')", a);
        assertViolates(c, FK, "fk_findings_agent", "DELETE FROM agents WHERE id = ?", a);
    }

    @Test
    void deletingAPlaybookDeletesItsStepsButNotWhenActionsReferenceIt() throws Exception {
        int p = playbook("cascade-p");
        exec(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, 'ssh', '{}'), (?, 2, 'ssh', '{}')", p, p);
        exec(c, "DELETE FROM playbooks WHERE id = ?", p);
        assertThat(count(c, "SELECT count(*) FROM playbook_steps WHERE playbook_id = ?", p)).isZero();

        int q = playbook("cascade-q");
        exec(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config) VALUES (?, 1, 'ssh', '{}')", q);
        exec(c, "INSERT INTO intended_actions (playbook_id, action_type, action_config) VALUES (?, 'ssh', '{}')", q);
        // The seed's intended_actions.playbook_id has no ON DELETE action: the delete is refused.
        assertViolates(c, FK, "fk_intended_actions_playbook", "DELETE FROM playbooks WHERE id = ?", q);
        assertThat(count(c, "SELECT count(*) FROM playbook_steps WHERE playbook_id = ?", q)).isEqualTo(1);
    }

    @Test
    void deletingADeviceDeletesItsKeysButNotWhenItHasFindingsOrActions() throws Exception {
        int d = device("cascade-d", "10.4.0.1");
        int other = device("cascade-other", "10.4.0.2");
        exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint) VALUES (?, 'ed25519', 'x', 'SHA256:a')", d);
        exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint) VALUES (?, 'ed25519', 'x', 'SHA256:b')", other);
        exec(c, "DELETE FROM devices WHERE id = ?", d);
        assertThat(count(c, "SELECT count(*) FROM ssh_keys WHERE device_id = ?", d)).isZero();
        assertThat(count(c, "SELECT count(*) FROM ssh_keys WHERE device_id = ?", other)).isEqualTo(1);

        int e = device("cascade-e", "10.4.0.3");
        exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint) VALUES (?, 'rsa', 'x', 'SHA256:c')", e);
        exec(c, "INSERT INTO findings (device_id, finding_type, severity) VALUES (?, 't', 'error')", e);
        assertViolates(c, FK, "fk_findings_device", "DELETE FROM devices WHERE id = ?", e);
        assertThat(count(c, "SELECT count(*) FROM ssh_keys WHERE device_id = ?", e)).isEqualTo(1);

        int f = device("cascade-f", "10.4.0.4");
        exec(c, "INSERT INTO intended_actions (device_id, action_type, action_config) VALUES (?, 'ssh', '{}')", f);
        assertViolates(c, FK, "fk_intended_actions_device", "DELETE FROM devices WHERE id = ?", f);
    }

    // --- updated_at ---------------------------------------------------------------------------------

    @Test
    void updatedAtMovesOnUpdateOfEveryTable() throws Exception {
        Timestamp past = Timestamp.from(Instant.parse("2001-02-03T04:05:06Z"));
        int d = one(c, "INSERT INTO devices (hostname, ip_address, created_at, updated_at) VALUES ('ts-d', '10.5.0.1', ?, ?) RETURNING id", past, past);
        int a = one(c, "INSERT INTO agents (name, type, created_at, updated_at) VALUES ('ts-a', 'x', ?, ?) RETURNING id", past, past);
        int p = one(c, "INSERT INTO playbooks (name, trigger_type, created_at, updated_at) VALUES ('ts-p', 'x', ?, ?) RETURNING id", past, past);
        exec(c, "INSERT INTO opmas_config (key, value, created_at, updated_at) VALUES ('test.ts', '1', ?, ?)", past, past);
        exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint, created_at, updated_at) VALUES (?, 'rsa', 'x', 'f', ?, ?)", d, past, past);
        exec(c, "INSERT INTO agent_rules (agent_id, name, rule_type, conditions, created_at, updated_at) VALUES (?, 'r', 'x', '{}', ?, ?)", a, past, past);
        exec(c, "INSERT INTO playbook_steps (playbook_id, step_number, action_type, action_config, created_at, updated_at) VALUES (?, 1, 'x', '{}', ?, ?)", p, past, past);
        exec(c, "INSERT INTO findings (device_id, finding_type, severity, updated_at) VALUES (?, 'ts', 'info', ?)", d, past);
        exec(c, "INSERT INTO intended_actions (device_id, action_type, action_config, created_at, updated_at) VALUES (?, 'x', '{}', ?, ?)", d, past, past);

        exec(c, "UPDATE devices SET model = 'm' WHERE id = ?", d);
        exec(c, "UPDATE agents SET description = 'd' WHERE id = ?", a);
        exec(c, "UPDATE playbooks SET description = 'd' WHERE id = ?", p);
        exec(c, "UPDATE opmas_config SET value = '2' WHERE key = 'test.ts'");
        exec(c, "UPDATE ssh_keys SET is_active = false WHERE device_id = ?", d);
        exec(c, "UPDATE agent_rules SET priority = 5 WHERE agent_id = ?", a);
        exec(c, "UPDATE playbook_steps SET retry_count = 2 WHERE playbook_id = ?", p);
        exec(c, "UPDATE findings SET status = 'acknowledged' WHERE device_id = ?", d);
        // an explicit (stale) updated_at in the UPDATE is overridden too
        exec(c, "UPDATE intended_actions SET status = 'running', updated_at = ? WHERE device_id = ?", past, d);

        String[][] checks = {
                {"devices", "id = " + d}, {"agents", "id = " + a}, {"playbooks", "id = " + p},
                {"opmas_config", "key = 'test.ts'"}, {"ssh_keys", "device_id = " + d}, {"agent_rules", "agent_id = " + a},
                {"playbook_steps", "playbook_id = " + p}, {"findings", "device_id = " + d}, {"intended_actions", "device_id = " + d}};
        for (String[] check : checks) {
            Timestamp updated = one(c, "SELECT updated_at FROM " + check[0] + " WHERE " + check[1]);
            assertThat(updated.toInstant()).as("updated_at of %s", check[0]).isAfter(past.toInstant().plusSeconds(3600));
            if (!check[0].equals("findings")) {
                Timestamp created = one(c, "SELECT created_at FROM " + check[0] + " WHERE " + check[1]);
                assertThat(created).as("created_at of %s stays", check[0]).isEqualTo(past);
            }
        }
    }
}
