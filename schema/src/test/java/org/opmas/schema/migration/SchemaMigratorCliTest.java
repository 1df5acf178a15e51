package org.opmas.schema.migration;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of the migration Job: exit codes and messages. */
class SchemaMigratorCliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SchemaMigrator.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, String> env() {
        return Map.of(SchemaMigrator.ENV_URL, TestDatabase.url(TestDatabase.DB), SchemaMigrator.ENV_USER, TestDatabase.OWNER);
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run(Map.of()).code()).isEqualTo(2);
        Run unknown = run(env(), "upgrade");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'upgrade'", "usage:");
        assertThat(run(env(), "rollback", "--from", "3").code()).isEqualTo(2);
        assertThat(run(env(), "migrate", "now").code()).isEqualTo(2);
        Run noUrl = run(Map.of(), "migrate");
        assertThat(noUrl.code()).isEqualTo(2);
        assertThat(noUrl.err()).contains("OPMAS_DB_URL is not set");
        assertThat(run(Map.of(), "--help").code()).isZero();
    }

    @Test
    void failuresExitWith1AndSayWhy() {
        Run mysql = run(Map.of(SchemaMigrator.ENV_URL, "jdbc:mysql://localhost/opmas?password=secret"), "info");
        assertThat(mysql.code()).isEqualTo(1);
        assertThat(mysql.err()).contains("PostgreSQL only").doesNotContain("secret");
        Run refused = run(Map.of(SchemaMigrator.ENV_URL, "jdbc:postgresql://localhost:1/opmas", SchemaMigrator.ENV_USER, "x"), "migrate");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error:").contains("localhost:1");
        Run badVersion = run(env(), "rollback", "--to", "x.y");
        assertThat(badVersion.code()).isEqualTo(1);
        assertThat(badVersion.err()).contains("Not a migration version");
    }

    @Test
    void infoMigrateAndNoOpRollback() throws Exception {
        // Its own database: migrating through the CLI applies every migration, which the shared
        // foundation database must not get.
        Map<String, String> env = Map.of(SchemaMigrator.ENV_URL, TestDatabase.newDatabase("opmas_cli"),
                SchemaMigrator.ENV_USER, TestDatabase.OWNER);
        String latest = SchemaMigrator.of(env.get(SchemaMigrator.ENV_URL), TestDatabase.OWNER, null).latestVersion();
        Run migrate = run(env, "migrate");
        assertThat(migrate.code()).as(migrate.err()).isZero();
        Run info = run(env, "info");
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("Version", "findings partitioned", "Success");
        Run again = run(env, "migrate");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("version " + latest + " -> version " + latest);
        Run rollback = run(env, "rollback", "--to=" + latest);
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("Nothing to roll back above version " + latest);
    }
}
