package org.opmas.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.opmas.devkit.kafka.EmbeddedKafkaBroker;
import org.opmas.devkit.postgres.EmbeddedDatabase;
import org.opmas.schema.Topics;
import org.opmas.schema.migration.SchemaMigrator;

/**
 * The infrastructure every OPMAS process needs: PostgreSQL with the migrated schema and the
 * service roles, and a Kafka broker with every contract topic. Either started here from Maven
 * artifacts, or an existing one named by {@code OPMAS_DB_URL} (+ {@code OPMAS_DB_USER},
 * {@code OPMAS_DB_PASSWORD}) and {@code OPMAS_KAFKA_BOOTSTRAP}.
 */
public final class OpmasInfrastructure implements AutoCloseable {

    /** Development password of every service role: the role's own name. Never used outside dev/test. */
    public static String devPassword(String role) {
        return role;
    }

    private final EmbeddedDatabase database;
    private final EmbeddedKafkaBroker broker;
    private final String jdbcUrl;
    private final String adminUser;
    private final String adminPassword;
    private final String kafkaBootstrap;

    private OpmasInfrastructure(EmbeddedDatabase database, EmbeddedKafkaBroker broker, String jdbcUrl,
            String adminUser, String adminPassword, String kafkaBootstrap) {
        this.database = database;
        this.broker = broker;
        this.jdbcUrl = jdbcUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** Settings for {@link #start}. */
    public record Options(Path directory, int postgresPort, int kafkaPort, List<String> kafkaJvmOptions,
            Map<String, String> environment) {

        /** Throw-away infrastructure on free ports, or the external one the environment names. */
        public static Options forTests() {
            return new Options(null, 0, 0, List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto"), System.getenv());
        }
    }

    public static OpmasInfrastructure start(Options options) {
        Map<String, String> env = options.environment();
        Path directory = options.directory() != null ? options.directory() : tempDirectory();

        EmbeddedDatabase database = null;
        String jdbcUrl;
        String adminUser;
        String adminPassword;
        String externalDb = env.get("OPMAS_DB_URL");
        if (externalDb != null && !externalDb.isBlank()) {
            jdbcUrl = externalDb.startsWith("jdbc:") ? externalDb : "jdbc:" + externalDb;
            adminUser = env.getOrDefault("OPMAS_DB_USER", "postgres");
            adminPassword = env.getOrDefault("OPMAS_DB_PASSWORD", "");
        } else {
            database = EmbeddedDatabase.start(options.directory() == null ? null : directory.resolve("postgres"),
                    options.postgresPort());
            jdbcUrl = database.jdbcUrl();
            adminUser = EmbeddedDatabase.SUPERUSER;
            adminPassword = "";
        }

        EmbeddedKafkaBroker broker = null;
        String kafkaBootstrap = env.get("OPMAS_KAFKA_BOOTSTRAP");
        try {
            SchemaMigrator.migrate(jdbcUrl, adminUser, adminPassword);
            if (database != null) {
                setDevPasswords(jdbcUrl, adminUser, adminPassword);
            }
            if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
                broker = EmbeddedKafkaBroker.start(directory.resolve("kafka"), options.kafkaPort(),
                        options.kafkaJvmOptions());
                kafkaBootstrap = broker.bootstrapServers();
                broker.createTopics(contractTopics());
            }
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            if (database != null) {
                database.close();
            }
            throw e;
        }
        return new OpmasInfrastructure(database, broker, jdbcUrl, adminUser, adminPassword, kafkaBootstrap);
    }

    /**
     * The one infrastructure of this JVM, started on first use and stopped when the JVM exits.
     * Quarkus may load test resources in several class loaders; the coordinates live in system
     * properties so every loader finds the same servers instead of starting its own.
     */
    public static synchronized Coordinates shared() {
        String jdbc = System.getProperty(Coordinates.JDBC_URL);
        if (jdbc != null) {
            return Coordinates.fromSystemProperties();
        }
        OpmasInfrastructure infrastructure = start(Options.forTests());
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "opmas-infrastructure-stop"));
        Coordinates coordinates = infrastructure.coordinates();
        coordinates.toSystemProperties();
        return coordinates;
    }

    public Coordinates coordinates() {
        return new Coordinates(jdbcUrl, adminUser, adminPassword, kafkaBootstrap);
    }

    /** Where the servers are; plain strings so they cross class loaders. */
    public record Coordinates(String jdbcUrl, String adminUser, String adminPassword, String kafkaBootstrap) {
        public static final String JDBC_URL = "opmas.devkit.jdbc-url";
        public static final String ADMIN_USER = "opmas.devkit.admin-user";
        public static final String ADMIN_PASSWORD = "opmas.devkit.admin-password";
        public static final String KAFKA = "opmas.devkit.kafka-bootstrap";

        /** The reactive client's URL form of {@link #jdbcUrl()}. */
        public String reactiveUrl() {
            return jdbcUrl.substring("jdbc:".length());
        }

        public Connection connectAsAdmin() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, adminUser, adminPassword);
        }

        public Connection connectAs(String role) throws SQLException {
            return DriverManager.getConnection(jdbcUrl, role, devPassword(role));
        }

        // Public: Quarkus may load this record in another class loader than the caller's.
        public static Coordinates fromSystemProperties() {
            return new Coordinates(System.getProperty(JDBC_URL), System.getProperty(ADMIN_USER),
                    System.getProperty(ADMIN_PASSWORD, ""), System.getProperty(KAFKA));
        }

        public void toSystemProperties() {
            System.setProperty(JDBC_URL, jdbcUrl);
            System.setProperty(ADMIN_USER, adminUser);
            System.setProperty(ADMIN_PASSWORD, adminPassword);
            System.setProperty(KAFKA, kafkaBootstrap);
        }
    }

    public static List<NewTopic> contractTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (Topics.TopicSpec spec : Topics.SPECS) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1);
            if (spec.compacted()) {
                topic.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(topic);
        }
        return topics;
    }

    private static void setDevPasswords(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            List<String> roles = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE 'opmas\\_%' AND rolcanlogin")) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            for (String role : roles) {
                statement.execute("ALTER ROLE " + role + " PASSWORD '" + devPassword(role) + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set development passwords: " + e.getMessage(), e);
        }
    }

    private static Path tempDirectory() {
        try {
            Path dir = Files.createTempDirectory("opmas-infra-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
