package org.opmas.schema.migration;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.schema.migration.Jdbc.assertViolates;
import static org.opmas.schema.migration.Jdbc.column;
import static org.opmas.schema.migration.Jdbc.count;
import static org.opmas.schema.migration.Jdbc.exec;
import static org.opmas.schema.migration.Jdbc.one;

/**
 * Monthly partitions of findings: routing, the default partition, moving default rows when a month's
 * partition is created, retention and the composite foreign key from intended_actions.
 * Each test uses its own years so the tests stay independent on the shared database.
 */
class FindingsPartitionTest {

    static Timestamp ts(String iso) {
        return Timestamp.from(Instant.parse(iso));
    }

    static String partitionOf(Connection c, long id) throws Exception {
        return one(c, "SELECT tableoid::regclass::text FROM findings WHERE id = ?", (int) id);
    }

    static int finding(Connection c, Timestamp createdAt) throws Exception {
        return one(c, "INSERT INTO findings (finding_type, severity, created_at) VALUES ('p', 'info', ?) RETURNING id", createdAt);
    }

    @Test
    void findingsLandInTheirMonthlyPartitionOrInDefault() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            String thisMonth = "findings_p" + now.format(DateTimeFormatter.ofPattern("yyyyMM"));
            String nextMonth = "findings_p" + now.plusMonths(1).format(DateTimeFormatter.ofPattern("yyyyMM"));
            int a = one(c, "INSERT INTO findings (finding_type, severity) VALUES ('p', 'info') RETURNING id");
            assertThat(partitionOf(c, a)).isEqualTo(thisMonth);
            int b = finding(c, Timestamp.from(now.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0)
                    .withSecond(0).withNano(0).toInstant()));
            assertThat(partitionOf(c, b)).isEqualTo(nextMonth);
            int far = finding(c, ts("2090-06-15T12:00:00Z"));
            assertThat(partitionOf(c, far)).isEqualTo("findings_default");
            exec(c, "DELETE FROM findings WHERE id IN (?, ?, ?)", a, b, far);
        }
    }

    @Test
    void monthBoundariesAreUtc() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.as("opmas_finding")) {
            exec(c, "SELECT opmas_create_findings_partition('2081-03-01T00:00:00Z')");
            exec(c, "SELECT opmas_create_findings_partition('2081-04-01T00:00:00Z')");
            exec(c, "SET timezone TO 'America/New_York'");   // a client zone must not shift the routing
            int lastSecondOfMarch = finding(c, ts("2081-03-31T23:59:59Z"));
            int firstOfApril = finding(c, ts("2081-04-01T00:00:00Z"));
            assertThat(partitionOf(c, lastSecondOfMarch)).isEqualTo("findings_p208103");
            assertThat(partitionOf(c, firstOfApril)).isEqualTo("findings_p208104");
        }
    }

    @Test
    void ensurePartitionsIsIdempotentAndCreatesCurrentAndNextMonths() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.as("opmas_finding")) {
            exec(c, "SELECT opmas_ensure_findings_partitions()");
            assertThat(column(c, "SELECT * FROM opmas_ensure_findings_partitions(3)")).isEmpty();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (int i = 0; i <= 3; i++) {
                String name = "findings_p" + now.plusMonths(i).format(DateTimeFormatter.ofPattern("yyyyMM"));
                assertThat((Object) one(c, "SELECT to_regclass(?)::text", name)).as(name).isEqualTo(name);
            }
            Jdbc.assertFails(c, "22023", "SELECT opmas_ensure_findings_partitions(-1)");
            Jdbc.assertFails(c, "22023", "SELECT opmas_create_findings_partition('1969-12-31T00:00:00Z')");
            Jdbc.assertFails(c, "22023", "SELECT opmas_create_findings_partition(NULL)");
        }
    }

    @Test
    void creatingAPartitionMovesItsRowsOutOfTheDefaultPartitionEvenWhenActionsReferenceThem() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.as("opmas_finding")) {
            int f1 = finding(c, ts("2085-07-01T00:00:00Z"));
            int f2 = finding(c, ts("2085-07-31T23:59:59.999Z"));
            int other = finding(c, ts("2085-08-01T00:00:00Z"));
            assertThat(partitionOf(c, f1)).isEqualTo("findings_default");
            try (Connection owner = TestDatabase.owner()) {
                exec(owner, "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                        + "VALUES (?, '2085-07-01T00:00:00Z', 'ssh', '{}')", f1);
            }

            assertThat((String) one(c, "SELECT opmas_create_findings_partition('2085-07-20T10:00:00Z')")).isEqualTo("findings_p208507");

            assertThat(partitionOf(c, f1)).isEqualTo("findings_p208507");
            assertThat(partitionOf(c, f2)).isEqualTo("findings_p208507");
            assertThat(partitionOf(c, other)).isEqualTo("findings_default");
            try (Connection owner = TestDatabase.owner()) {
                // the foreign key is back, validated, under its name
                assertThat(count(owner, "SELECT count(*) FROM pg_constraint WHERE conname = 'fk_intended_actions_finding' "
                        + "AND conparentid = 0 AND convalidated")).isEqualTo(1);
                assertThat(count(owner, "SELECT count(*) FROM intended_actions i JOIN findings f "
                        + "ON f.id = i.finding_id AND f.created_at = i.finding_created_at WHERE f.id = ?", f1)).isEqualTo(1);
                // the moved partition is a normal one: trigger, indexes, storage parameters
                assertThat(count(owner, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'findings_p208507'::regclass "
                        + "AND tgname = 'trg_findings_updated_at'")).isEqualTo(1);
                assertThat(count(owner, "SELECT count(*) FROM pg_indexes WHERE tablename = 'findings_p208507'")).isGreaterThanOrEqualTo(6);
                assertThat((String) one(owner, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'findings_p208507'"))
                        .contains("autovacuum_vacuum_scale_factor=0.01");
                assertThat((Object) one(owner, "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'findings_p208507'")).isNotNull();
                assertViolates(owner, "23503", "fk_intended_actions_finding",
                        "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                                + "VALUES (?, '2085-07-02T00:00:00Z', 'ssh', '{}')", f1);
            }
            // the next call is a no-op
            assertThat((Object) one(c, "SELECT opmas_create_findings_partition('2085-07-01T00:00:00Z')")).isNull();
        }
    }

    @Test
    void retentionDropsWholeOldPartitionsOnlyAndTheirActions() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.as("opmas_finding")) {
            for (String m : new String[] {"2001-01-01", "2001-02-01", "2001-03-01"}) {
                exec(c, "SELECT opmas_create_findings_partition(?::timestamptz)", m + "T00:00:00Z");
            }
            int jan = finding(c, ts("2001-01-10T00:00:00Z"));
            int feb = finding(c, ts("2001-02-28T23:59:59Z"));
            int mar = finding(c, ts("2001-03-01T00:00:00Z"));
            int old = finding(c, ts("1999-12-31T00:00:00Z"));      // default partition: never dropped
            int keep;
            try (Connection owner = TestDatabase.owner()) {
                exec(owner, "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                        + "VALUES (?, '2001-01-10T00:00:00Z', 'ssh', '{}')", jan);
                keep = one(owner, "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                        + "VALUES (?, '2001-03-01T00:00:00Z', 'ssh', '{}') RETURNING id", mar);
            }
            // cutoff inside March: January and February end before it, March does not
            assertThat(column(c, "SELECT * FROM opmas_drop_findings_partitions_before('2001-03-15T00:00:00Z')"))
                    .containsExactly("findings_p200101", "findings_p200102");
            assertThat((Object) one(c, "SELECT to_regclass('findings_p200101')")).isNull();
            assertThat((Object) one(c, "SELECT to_regclass('findings_p200102')")).isNull();
            assertThat(count(c, "SELECT count(*) FROM findings WHERE id IN (?, ?)", jan, feb)).isZero();
            assertThat(partitionOf(c, mar)).isEqualTo("findings_p200103");
            assertThat(partitionOf(c, old)).isEqualTo("findings_default");
            try (Connection owner = TestDatabase.owner()) {
                assertThat(count(owner, "SELECT count(*) FROM intended_actions WHERE finding_id = ?", jan)).isZero();
                assertThat(count(owner, "SELECT count(*) FROM intended_actions WHERE id = ?", keep)).isEqualTo(1);
            }
            // the cutoff is inclusive of the upper bound: exactly 2001-04-01 drops March
            assertThat(column(c, "SELECT * FROM opmas_drop_findings_partitions_before('2001-04-01T00:00:00Z')"))
                    .containsExactly("findings_p200103");
            // the current month is never "entirely older" than now()
            String thisMonth = one(c, "SELECT 'findings_p' || to_char(now(), 'YYYYMM')");
            assertThat(column(c, "SELECT * FROM opmas_drop_findings_partitions_before(now())")).doesNotContain(thisMonth);
            assertThat((Object) one(c, "SELECT to_regclass(?)::text", thisMonth)).isEqualTo(thisMonth);
        }
    }

    @Test
    void compositeForeignKeyFromIntendedActions() throws Exception {
        TestDatabase.postgres();
        try (Connection c = TestDatabase.owner()) {
            c.setAutoCommit(false);
            try {
                Timestamp at = ts("2086-01-15T08:00:00Z");
                exec(c, "SELECT opmas_create_findings_partition(?)", at);
                int f = finding(c, at);
                int ia = one(c, "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                        + "VALUES (?, ?, 'ssh', '{}') RETURNING id", f, at);
                assertThat(ia).isPositive();
                // wrong created_at -> no such finding
                assertViolates(c, "23503", "fk_intended_actions_finding",
                        "INSERT INTO intended_actions (finding_id, finding_created_at, action_type, action_config) "
                                + "VALUES (?, '2086-01-15T08:00:01Z', 'ssh', '{}')", f);
                // MATCH FULL: half a reference is refused, no reference at all is fine
                assertViolates(c, "23503", "fk_intended_actions_finding",
                        "INSERT INTO intended_actions (finding_id, action_type, action_config) VALUES (?, 'ssh', '{}')", f);
                exec(c, "INSERT INTO intended_actions (action_type, action_config) VALUES ('ssh', '{}')");
                // no ON DELETE action: a referenced finding cannot be deleted
                // (PostgreSQL reports the per-partition clone of the constraint here, with a generated name)
                java.sql.SQLException e = Jdbc.fails(c, "DELETE FROM findings WHERE id = ?", f);
                assertThat(e.getSQLState()).isEqualTo("23503");
                assertThat(e.getMessage()).contains("intended_actions_finding_id_finding_created_at_fkey")
                        .contains("on table \"intended_actions\"");
            } finally {
                c.rollback();
            }
        }
    }
}
