package org.opmas.schema.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opmas.schema.migration.Jdbc.column;
import static org.opmas.schema.migration.Jdbc.count;
import static org.opmas.schema.migration.Jdbc.exec;
import static org.opmas.schema.migration.Jdbc.one;

/**
 * Up, down and up again. Runs against the shared database (and leaves it migrated, as found), so it is
 * isolated from any other test running at the same time.
 */
@Isolated
class RollbackTest {

    static final String ROLE_COUNT = "SELECT count(*) FROM pg_roles WHERE rolname IN "
            + "('opmas_device', 'opmas_agent', 'opmas_finding', 'opmas_playbook', 'opmas_executor')";

    @Test
    void everyMigrationHasItsRollbackScript() {
        TestDatabase.postgres();
        List<MigrationStatus> info = TestDatabase.migrator().info();
        assertThat(info).hasSizeGreaterThanOrEqualTo(9);
        assertThat(info).allSatisfy(m -> assertThat(m.rollbackAvailable()).as(m.script()).isTrue());
    }

    @Test
    void rollbackToThenAllLeavesNothingAndMigratingAgainWorks() throws Exception {
        TestDatabase.postgres();
        SchemaMigrator migrator = TestDatabase.migrator();
        assertThat(migrator.currentVersion()).isEqualTo("9");

        assertThat(migrator.rollbackTo("5")).containsExactly("V9__service_roles_and_grants.sql",
                "V8__intended_actions_execution_columns.sql", "V7__service_outbox_tables.sql", "V6__jsonb_gin_indexes.sql");
        assertThat(migrator.currentVersion()).isEqualTo("5");
        try (Connection c = TestDatabase.owner()) {
            assertThat((Object) one(c, "SELECT to_regclass('device_outbox')")).isNull();
            assertThat((Object) one(c, "SELECT to_regclass('idx_findings_details_gin')")).isNull();
            assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'intended_actions' "
                    + "AND column_name IN ('run_id', 'attempts', 'device_id')")).isZero();
            assertThat(count(c, ROLE_COUNT)).isZero();
            assertThat(count(c, "SELECT count(*) FROM pg_policies")).isZero();
            assertThat((Object) one(c, "SELECT to_regprocedure('opmas_ensure_findings_partitions(integer)')")).isNotNull();
        }

        // U5 moves the rows of the monthly partitions back into findings_default (V4's state), keeping references
        int findingId;
        try (Connection c = TestDatabase.owner()) {
            findingId = one(c, "INSERT INTO findings (finding_type, severity) VALUES ('kept', 'info') RETURNING id");
            assertThat((String) one(c, "SELECT tableoid::regclass::text FROM findings WHERE id = ?", findingId)).startsWith("findings_p");
            exec(c, "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                    + "SELECT id, created_at, 'ssh', '{}' FROM findings WHERE id = ?", findingId);
        }
        assertThat(migrator.rollbackTo("4")).containsExactly("V5__findings_partition_maintenance.sql");
        try (Connection c = TestDatabase.owner()) {
            assertThat((String) one(c, "SELECT tableoid::regclass::text FROM findings WHERE id = ?", findingId)).isEqualTo("findings_default");
            assertThat(count(c, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'findings'::regclass")).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM intended_actions WHERE finding_id = ?", findingId)).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM pg_constraint WHERE conname = 'fk_intended_actions_finding' AND convalidated")).isEqualTo(1);
        }

        assertThat(migrator.rollbackAll()).hasSize(4).last().isEqualTo("V1__timezone_and_updated_at_trigger.sql");
        assertThat(migrator.currentVersion()).isNull();
        assertThat(migrator.rollbackAll()).isEmpty();
        try (Connection c = TestDatabase.owner()) {
            assertNoOpmasObjects(c);
            assertThat(count(c, ROLE_COUNT)).isZero();
        }

        assertThat(migrator.migrateTo(TestDatabase.FOUNDATION)).isEqualTo("9");
        try (Connection c = TestDatabase.as("opmas_finding")) {
            assertThat((String) one(c, "SHOW timezone")).isNotBlank();
            int id = one(c, "INSERT INTO findings (finding_type, severity) VALUES ('again', 'info') RETURNING id");
            exec(c, "DELETE FROM findings WHERE id = ?", id);
        }
        try (Connection c = TestDatabase.owner()) {
            assertThat(column(c, "SELECT unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                    + "WHERE d.datname = current_database()")).contains("TimeZone=UTC");
        }
    }

    @Test
    void secondDatabaseOfTheClusterReusesExistingRolesAndKeepsThemOnRollback() throws Exception {
        TestDatabase.postgres();
        String db = "opmas_second";
        try (Connection su = TestDatabase.superuser("postgres")) {
            exec(su, "CREATE DATABASE " + db + " OWNER " + TestDatabase.OWNER);
        }
        try {
            // The whole chain, the services' migrations included: up, all the way down, up again.
            SchemaMigrator second = SchemaMigrator.of(TestDatabase.url(db), TestDatabase.OWNER, null);
            String latest = second.latestVersion();
            int migrations = second.info().size();
            assertThat(second.migrate()).isEqualTo(latest);
            try (Connection c = DriverManager.getConnection(TestDatabase.url(db), "opmas_agent", null)) {
                exec(c, "INSERT INTO agents (name, type) VALUES ('second-db', 'x')");
                Jdbc.assertFails(c, "42501", "SELECT count(*) FROM devices");
            }
            assertThat(second.rollbackAll()).hasSize(migrations);
            try (Connection c = DriverManager.getConnection(TestDatabase.url(db), TestDatabase.OWNER, null)) {
                assertNoOpmasObjects(c);
                // the roles still hold grants in the first database, so they are kept (with a warning)
                assertThat(count(c, ROLE_COUNT)).isEqualTo(5);
            }
            assertThat(second.migrate()).isEqualTo(latest);
        } finally {
            try (Connection su = TestDatabase.superuser("postgres")) {
                exec(su, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    @Test
    void rollbackToRejectsNonsense() {
        TestDatabase.postgres();
        assertThatThrownBy(() -> TestDatabase.migrator().rollbackTo("")).isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("needs a version");
        assertThatThrownBy(() -> TestDatabase.migrator().rollbackTo("abc")).isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("Not a migration version");
        assertThat(TestDatabase.migrator().rollbackTo("9")).isEmpty();
    }

    static void assertNoOpmasObjects(Connection c) throws Exception {
        assertThat(column(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relname NOT LIKE 'flyway_schema_history%'")).isEmpty();
        assertThat(column(c, "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'public'")).isEmpty();
        assertThat(column(c, "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                + "WHERE n.nspname = 'public' AND t.typname NOT LIKE '%flyway_schema_history%'")).isEmpty();
        assertThat(count(c, "SELECT count(*) FROM pg_policies")).isZero();
        assertThat(count(c, "SELECT count(*) FROM flyway_schema_history")).isZero();
        assertThat(column(c, "SELECT unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                + "WHERE d.datname = current_database()")).isEmpty();
        // no grant to any OPMAS role left on the database or the schema
        assertThat((String) one(c, "SELECT coalesce(datacl::text, '') FROM pg_database WHERE datname = current_database()"))
                .doesNotContain("opmas_device", "opmas_agent", "opmas_finding", "opmas_playbook", "opmas_executor");
        assertThat((String) one(c, "SELECT coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname = 'public'"))
                .doesNotContain("opmas_device", "opmas_agent", "opmas_finding", "opmas_playbook", "opmas_executor");
    }
}
