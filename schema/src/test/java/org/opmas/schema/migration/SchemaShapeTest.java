package org.opmas.schema.migration;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.schema.migration.Jdbc.column;
import static org.opmas.schema.migration.Jdbc.count;
import static org.opmas.schema.migration.Jdbc.one;

/** The migrated schema has the seed's shape: tables, columns, indexes, FKs, triggers, UTC. */
class SchemaShapeTest {

    static final List<String> SEED_TABLES = List.of("opmas_config", "agents", "agent_rules", "playbooks",
            "playbook_steps", "findings", "intended_actions", "devices", "ssh_keys");

    @Test
    void allSeedTablesAndOutboxesExist() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            List<String> tables = column(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition");
            assertThat(tables).containsAll(SEED_TABLES)
                    .contains("device_outbox", "finding_outbox", "playbook_outbox", "executor_outbox");
            for (String t : tables) {
                assertThat((String) one(c, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = ?::regclass", t))
                        .as("owner of %s", t).isEqualTo(TestDatabase.OWNER);
            }
        }
    }

    @Test
    void seedIndexesExistWithTheirExactNames() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            List<String> idx = column(c, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
            assertThat(idx).contains("idx_findings_device_id", "idx_findings_created_at", "idx_intended_actions_status",
                    "idx_devices_status", "idx_agent_rules_agent_id", "idx_playbook_steps_playbook_id",
                    "idx_findings_details_gin", "idx_devices_config_gin", "idx_agent_rules_conditions_gin",
                    "idx_playbooks_trigger_conditions_gin", "idx_findings_status", "idx_findings_severity",
                    "idx_intended_actions_run_id_step_number", "idx_intended_actions_device_id");
            assertThat((String) one(c, "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_findings_details_gin'"))
                    .contains("USING gin (details jsonb_path_ops)");
        }
    }

    @Test
    void cascadesExactlyWhereTheSeedPutsThem() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            List<String> cascading = column(c, "SELECT conrelid::regclass || '.' || conname FROM pg_constraint "
                    + "WHERE contype = 'f' AND confdeltype = 'c' AND conparentid = 0 ORDER BY 1");
            assertThat(cascading).containsExactly("agent_rules.fk_agent_rules_agent",
                    "playbook_steps.fk_playbook_steps_playbook", "ssh_keys.fk_ssh_keys_device");
            assertThat(count(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 "
                    + "AND confdeltype <> 'a' AND confdeltype <> 'c'")).isZero();
        }
    }

    @Test
    void columnsDefaultsAndNullability() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            assertThat(column(c, "SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') "
                    + "FROM information_schema.columns WHERE table_name = 'findings' ORDER BY ordinal_position"))
                    .containsExactly(
                            "id integer NO nextval('findings_id_seq'::regclass)",
                            "agent_id integer YES -",
                            "device_id integer YES -",
                            "finding_type character varying NO -",
                            "severity character varying NO -",
                            "description text YES -",
                            "details jsonb YES -",
                            "status character varying YES 'new'::character varying",
                            "created_at timestamp with time zone NO CURRENT_TIMESTAMP",
                            "updated_at timestamp with time zone YES CURRENT_TIMESTAMP");
            assertThat(column(c, "SELECT column_name FROM information_schema.columns WHERE table_name = 'intended_actions' "
                    + "ORDER BY ordinal_position")).containsExactly("id", "finding_id", "playbook_id", "status",
                    "action_type", "action_config", "scheduled_at", "executed_at", "result", "created_at", "updated_at",
                    "finding_created_at", "device_id", "run_id", "step_number", "dry_run", "deadline_at", "started_at",
                    "attempts");
            assertThat(column(c, "SELECT column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') "
                    + "FROM information_schema.columns WHERE table_name = 'devices' ORDER BY ordinal_position"))
                    .containsExactly(
                            "id integer NO nextval('devices_id_seq'::regclass)",
                            "hostname character varying NO -",
                            "ip_address inet NO -",
                            "model character varying YES -",
                            "firmware_version character varying YES -",
                            "status character varying YES 'active'::character varying",
                            "last_seen_at timestamp with time zone YES -",
                            "config jsonb YES -",
                            "created_at timestamp with time zone YES CURRENT_TIMESTAMP",
                            "updated_at timestamp with time zone YES CURRENT_TIMESTAMP");
            assertThat(column(c, "SELECT column_name || ' ' || coalesce(character_maximum_length::text, '-') "
                    + "FROM information_schema.columns WHERE table_name = 'playbook_steps' ORDER BY ordinal_position"))
                    .containsExactly("id -", "playbook_id -", "step_number -", "action_type 50", "action_config -",
                            "timeout_seconds -", "retry_count -", "created_at -", "updated_at -");
        }
    }

    @Test
    void everyTableWithUpdatedAtHasTheOneTrigger() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            for (String t : SEED_TABLES) {
                assertThat(count(c, "SELECT count(*) FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal "
                        + "AND tgfoid = 'opmas_set_updated_at()'::regprocedure", t)).as("trigger on %s", t).isEqualTo(1);
            }
        }
    }

    @Test
    void databaseRunsInUtcForEveryNewSession() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            assertThat(column(c, "SELECT unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                    + "WHERE d.datname = current_database() AND s.setrole = 0")).contains("TimeZone=UTC");
        }
        // pgjdbc always sends the JVM's zone in the startup packet, which would hide the database default;
        // a bare protocol-3 startup (as psql or the reactive client do without PGTZ) gets the database's.
        assertThat(RawStartup.parameters(TestDatabase.postgres().getPort(), "opmas_device", TestDatabase.DB))
                .containsEntry("TimeZone", "UTC");
    }

    @Test
    void partitionFunctionsAreSecurityDefinerWithFixedSearchPathAndOnlyFindingMayExecute() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            for (String f : List.of("opmas_ensure_findings_partitions(integer)",
                    "opmas_drop_findings_partitions_before(timestamptz)", "opmas_create_findings_partition(timestamptz)")) {
                assertThat((Boolean) one(c, "SELECT prosecdef FROM pg_proc WHERE oid = ?::regprocedure", f)).isTrue();
                assertThat((String) one(c, "SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE oid = ?::regprocedure", f))
                        .contains("search_path=pg_catalog, public, pg_temp");
                for (String role : List.of("opmas_device", "opmas_agent", "opmas_playbook", "opmas_executor")) {
                    assertThat((Boolean) one(c, "SELECT has_function_privilege(?, ?, 'EXECUTE')", role, f)).isFalse();
                }
                assertThat((Boolean) one(c, "SELECT has_function_privilege('opmas_finding', ?, 'EXECUTE')", f)).isTrue();
            }
        }
    }

    @Test
    void findingsPartitionsHaveAggressiveAutovacuum() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            String thisMonth = one(c, "SELECT 'findings_p' || to_char(date_trunc('month', now()), 'YYYYMM')");
            String options = one(c, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = ?", thisMonth);
            assertThat(options).contains("autovacuum_vacuum_scale_factor=0.01", "autovacuum_analyze_scale_factor=0.005",
                    "autovacuum_vacuum_cost_delay=0");
            assertThat(count(c, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'findings'::regclass "
                    + "AND inhrelid::regclass::text LIKE 'findings_p%'")).isGreaterThanOrEqualTo(4);
            assertThat((String) one(c, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'findings_default'"))
                    .contains("autovacuum_vacuum_scale_factor=0.01");
        }
    }
}
