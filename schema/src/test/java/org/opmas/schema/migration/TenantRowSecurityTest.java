package org.opmas.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.schema.migration.Jdbc.assertFails;
import static org.opmas.schema.migration.Jdbc.column;
import static org.opmas.schema.migration.Jdbc.exec;
import static org.opmas.schema.migration.Jdbc.one;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migration V60_1 (issue #10): devices belong to a tenant, the rows about a device inherit its tenant
 * whatever a service writes, and row level security shows every service role only the tenant its
 * transaction names. Runs on a database of its own migrated to the latest version (the shared one
 * stays at the foundation). Work done as a service role happens in transactions that are rolled back.
 */
class TenantRowSecurityTest {

    static final String DENIED = "42501";

    static String url;
    static int deviceA;
    static int deviceB;
    static int deviceMoved;
    static int playbook;

    @BeforeAll
    static void migrateAndSeed() throws Exception {
        url = TestDatabase.newDatabase("opmas_tenancy");
        SchemaMigrator.of(url, TestDatabase.OWNER, null).migrate();
        try (Connection c = owner()) {
            playbook = one(c, "INSERT INTO playbooks (name, trigger_type) VALUES ('tenancy', 'manual') RETURNING id");
            deviceA = one(c, "INSERT INTO devices (hostname, ip_address, tenant_id) VALUES ('tenant-a', '10.60.0.1', 'a') RETURNING id");
            deviceB = one(c, "INSERT INTO devices (hostname, ip_address, tenant_id) VALUES ('tenant-b', '10.60.0.2', 'b') RETURNING id");
            deviceMoved = one(c, "INSERT INTO devices (hostname, ip_address, tenant_id) VALUES ('tenant-moved', '10.60.0.3', 'a') RETURNING id");
            for (int device : new int[] {deviceA, deviceB, deviceMoved}) {
                // every row claims a tenant that is not its device's: the trigger must overrule it
                exec(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint, tenant_id) "
                        + "VALUES (?, 'ssh-ed25519', 'x', 'fixture', 'intruder')", device);
                exec(c, "INSERT INTO findings (device_id, finding_type, severity, fingerprint, tenant_id) "
                        + "VALUES (?, 'tenancy', 'warning', ?, 'intruder')", device, "tenancy:" + device);
                exec(c, "INSERT INTO intended_actions (device_id, action_type, action_config, tenant_id) "
                        + "VALUES (?, 'ssh', '{}', 'intruder')", device);
                exec(c, "INSERT INTO playbook_runs (run_id, playbook_id, device_id, trigger, status, tenant_id) "
                        + "VALUES (?, ?, ?, 'manual', 'running', 'intruder')", UUID.randomUUID(), playbook, device);
            }
        }
    }

    static Connection owner() throws Exception {
        return DriverManager.getConnection(url, TestDatabase.OWNER, null);
    }

    /** A service role in a transaction of its own (rolled back by the test). */
    static Connection as(String role) throws Exception {
        Connection c = DriverManager.getConnection(url, role, null);
        c.setAutoCommit(false);
        return c;
    }

    static void nameTenant(Connection c, String tenant) throws Exception {
        one(c, "SELECT set_config('opmas.tenant', ?, true)", tenant);
    }

    /** The devices of the fixture whose rows {@code table} shows to this connection, as tenant letters. */
    static List<String> visible(Connection c, String table) throws Exception {
        String key = table.equals("devices") ? "id" : "device_id";
        return column(c, "SELECT DISTINCT CASE " + key + " WHEN ? THEN 'a' ELSE 'b' END FROM " + table
                + " WHERE " + key + " IN (?, ?) ORDER BY 1", deviceA, deviceA, deviceB);
    }

    static String tenantOf(Connection c, String table, int device) throws Exception {
        List<String> tenants = column(c, "SELECT DISTINCT tenant_id FROM " + table + " WHERE device_id = ?", device);
        assertThat(tenants).as("tenants of %s rows of device %s", table, device).hasSize(1);
        return tenants.get(0);
    }

    static final List<String> DEVICE_TABLES = List.of("ssh_keys", "findings", "intended_actions", "playbook_runs");

    /** Which role may read which table (V9 / V40_1 grants). */
    static final List<String[]> READERS = List.of(
            new String[] {"opmas_device", "devices"}, new String[] {"opmas_device", "ssh_keys"},
            new String[] {"opmas_finding", "findings"},
            new String[] {"opmas_playbook", "intended_actions"}, new String[] {"opmas_playbook", "playbook_runs"},
            new String[] {"opmas_playbook", "devices"},
            new String[] {"opmas_executor", "intended_actions"}, new String[] {"opmas_executor", "devices"},
            new String[] {"opmas_executor", "ssh_keys"}, new String[] {"opmas_executor", "playbook_runs"});

    @Test
    void rowsAboutADeviceInheritItsTenantWhateverTheInsertSaid() throws Exception {
        try (Connection c = owner()) {
            for (String table : DEVICE_TABLES) {
                assertThat(tenantOf(c, table, deviceA)).as(table).isEqualTo("a");
                assertThat(tenantOf(c, table, deviceB)).as(table).isEqualTo("b");
            }
            // a row re-pointed at another device follows that device too
            int key = one(c, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint, is_active) "
                    + "VALUES (?, 'ssh-ed25519', 'x', 'repointed', false) RETURNING id", deviceA);
            exec(c, "UPDATE ssh_keys SET device_id = ? WHERE id = ?", deviceB, key);
            assertThat((String) one(c, "SELECT tenant_id FROM ssh_keys WHERE id = ?", key)).isEqualTo("b");
            exec(c, "DELETE FROM ssh_keys WHERE id = ?", key);
        }
    }

    @Test
    void movingADeviceToAnotherTenantMovesItsRows() throws Exception {
        try (Connection c = owner()) {
            exec(c, "UPDATE devices SET tenant_id = 'c' WHERE id = ?", deviceMoved);
            for (String table : DEVICE_TABLES) {
                assertThat(tenantOf(c, table, deviceMoved)).as(table).isEqualTo("c");
            }
            // the other devices' rows stay where they were
            for (String table : DEVICE_TABLES) {
                assertThat(tenantOf(c, table, deviceA)).as(table).isEqualTo("a");
            }
        }
    }

    @Test
    void aTransactionNamingATenantSeesOnlyThatTenantsRows() throws Exception {
        for (String[] reader : READERS) {
            try (Connection c = as(reader[0])) {
                nameTenant(c, "a");
                assertThat(visible(c, reader[1])).as("%s on %s as tenant a", reader[0], reader[1]).containsExactly("a");
                nameTenant(c, "b");
                assertThat(visible(c, reader[1])).as("%s on %s as tenant b", reader[0], reader[1]).containsExactly("b");
                c.rollback();
            }
        }
    }

    @Test
    void allTenantsAndSystemTransactionsSeeEveryTenant() throws Exception {
        for (String[] reader : READERS) {
            try (Connection c = as(reader[0])) {
                assertThat(visible(c, reader[1])).as("%s on %s, no tenant named", reader[0], reader[1]).containsExactly("a", "b");
                nameTenant(c, "*");
                assertThat(visible(c, reader[1])).as("%s on %s as '*'", reader[0], reader[1]).containsExactly("a", "b");
                c.rollback();
            }
        }
    }

    @Test
    void anotherTenantsRowsCanBeNeitherChangedNorDeleted() throws Exception {
        try (Connection c = as("opmas_device")) {
            nameTenant(c, "a");
            assertThat(exec(c, "UPDATE devices SET status = 'maintenance' WHERE id = ?", deviceB)).isZero();
            assertThat(exec(c, "UPDATE ssh_keys SET key_fingerprint = 'stolen' WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "DELETE FROM ssh_keys WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "DELETE FROM devices WHERE id = ?", deviceB)).isZero();
            // its own rows it may change
            assertThat(exec(c, "UPDATE ssh_keys SET key_fingerprint = 'mine' WHERE device_id = ?", deviceA)).isOne();
            c.rollback();
        }
        try (Connection c = as("opmas_finding")) {
            nameTenant(c, "a");
            assertThat(exec(c, "UPDATE findings SET status = 'resolved' WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "DELETE FROM findings WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "UPDATE findings SET status = 'acknowledged' WHERE device_id = ?", deviceA)).isOne();
            c.rollback();
        }
        try (Connection c = as("opmas_playbook")) {
            nameTenant(c, "a");
            assertThat(exec(c, "UPDATE intended_actions SET status = 'cancelled' WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "DELETE FROM intended_actions WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "UPDATE playbook_runs SET status = 'cancelled' WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "DELETE FROM playbook_runs WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "UPDATE playbook_runs SET status = 'cancelled' WHERE device_id = ?", deviceA)).isOne();
            c.rollback();
        }
        try (Connection c = as("opmas_executor")) {
            nameTenant(c, "a");
            assertThat(exec(c, "UPDATE intended_actions SET status = 'running' WHERE device_id = ?", deviceB)).isZero();
            assertThat(exec(c, "UPDATE intended_actions SET status = 'running' WHERE device_id = ?", deviceA)).isOne();
            c.rollback();
        }
        try (Connection c = owner()) {
            for (String table : DEVICE_TABLES) {
                assertThat(tenantOf(c, table, deviceB)).as("%s rows of b untouched", table).isEqualTo("b");
            }
            assertThat((String) one(c, "SELECT status FROM devices WHERE id = ?", deviceB)).isNotEqualTo("maintenance");
        }
    }

    @Test
    void aRowForAnotherTenantsDeviceCannotBeWritten() throws Exception {
        try (Connection c = as("opmas_device")) {
            nameTenant(c, "a");
            assertFails(c, DENIED, "INSERT INTO devices (hostname, ip_address, tenant_id) VALUES ('sneaky', '10.60.1.1', 'b')");
            // the insert claims tenant a, the trigger gives the row b's tenant, the policy refuses it
            assertFails(c, DENIED, "INSERT INTO ssh_keys (device_id, key_type, encrypted_key, key_fingerprint, is_active, tenant_id) "
                    + "VALUES (?, 'ssh-ed25519', 'x', 'sneaky', false, 'a')", deviceB);
            // nor can a row of a be moved into b
            assertFails(c, DENIED, "UPDATE devices SET tenant_id = 'b' WHERE id = ?", deviceA);
            assertFails(c, DENIED, "UPDATE ssh_keys SET device_id = ? WHERE device_id = ?", deviceB, deviceA);
            c.rollback();
        }
        try (Connection c = as("opmas_finding")) {
            nameTenant(c, "a");
            assertFails(c, DENIED, "INSERT INTO findings (device_id, finding_type, severity, fingerprint) "
                    + "VALUES (?, 'tenancy', 'warning', 'sneaky')", deviceB);
            c.rollback();
        }
        try (Connection c = as("opmas_playbook")) {
            nameTenant(c, "a");
            assertFails(c, DENIED, "INSERT INTO intended_actions (device_id, action_type, action_config) "
                    + "VALUES (?, 'ssh', '{}')", deviceB);
            assertFails(c, DENIED, "INSERT INTO playbook_runs (run_id, playbook_id, device_id, trigger, status) "
                    + "VALUES (?, ?, ?, 'manual', 'running')", UUID.randomUUID(), playbook, deviceB);
            // for its own tenant's device it may
            exec(c, "INSERT INTO playbook_runs (run_id, playbook_id, device_id, trigger, status) "
                    + "VALUES (?, ?, ?, 'manual', 'running')", UUID.randomUUID(), playbook, deviceA);
            c.rollback();
        }
    }

    @Test
    void theTenantOfOneTransactionDoesNotLeakIntoTheNext() throws Exception {
        try (Connection c = as("opmas_device")) {
            nameTenant(c, "a");
            assertThat(visible(c, "devices")).containsExactly("a");
            c.commit();
            // same connection, next transaction names no tenant: a system transaction again
            assertThat(visible(c, "devices")).containsExactly("a", "b");
            c.rollback();
            nameTenant(c, "b");
            assertThat(visible(c, "ssh_keys")).containsExactly("b");
            c.rollback();
            assertThat(visible(c, "ssh_keys")).containsExactly("a", "b");
            c.rollback();
        }
    }
}
