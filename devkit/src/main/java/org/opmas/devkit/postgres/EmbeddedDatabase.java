package org.opmas.devkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL 17 server started from Maven artifacts (no Docker), holding the OPMAS database.
 * The superuser {@code postgres} owns the schema and runs the migrations; services connect with
 * their own least-privilege roles.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "opmas";
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDirectory where the cluster lives; {@code null} for a throw-away one
     * @param port the port to listen on; 0 picks a free one
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("log_timezone", "UTC")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    // Durability is not what a dev/test cluster is for; speed is.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
            database.createDatabaseIfMissing();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public Connection connectAsSuperuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, "");
    }

    private void createDatabaseIfMissing() {
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, SUPERUSER, "");
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
