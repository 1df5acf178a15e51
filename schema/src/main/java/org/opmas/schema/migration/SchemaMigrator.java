package org.opmas.schema.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies and rolls back the OPMAS database schema with the plain Flyway Java API (no Quarkus).
 *
 * <ul>
 *   <li>Up: Flyway versioned migrations from {@code classpath:db/migration} ({@code V<n>__<what>.sql}).</li>
 *   <li>Down: Flyway Community has no undo, so every migration has a hand-written down script
 *       {@code classpath:db/rollback/U<n>__<what>.sql} (same version and description).
 *       {@link #rollbackTo(String)} runs the down scripts of the applied migrations above the target in
 *       reverse order of application, each in its own transaction together with the removal of its row
 *       from {@code flyway_schema_history}.</li>
 * </ul>
 *
 * <p>Command line (the Kubernetes migration Job and the local launcher's migrate step):
 * {@code java -cp ... org.opmas.schema.migration.SchemaMigrator migrate | rollback [--to V] | info}
 * with the connection in {@code OPMAS_DB_URL} (jdbc:postgresql://...), {@code OPMAS_DB_USER},
 * {@code OPMAS_DB_PASSWORD}. Exit code 0 on success, 1 on failure, 2 on a usage error.
 */
public final class SchemaMigrator {

    /** Where the up migrations live (every jar on the classpath contributes). */
    public static final String MIGRATION_LOCATION = "classpath:db/migration";
    /** Classpath folder of the down scripts. */
    public static final String ROLLBACK_FOLDER = "db/rollback";

    public static final String ENV_URL = "OPMAS_DB_URL";
    public static final String ENV_USER = "OPMAS_DB_USER";
    public static final String ENV_PASSWORD = "OPMAS_DB_PASSWORD";

    /** Advisory lock key taken by every rollback transaction ("opmas.schema.rollback"). */
    private static final long ROLLBACK_LOCK_KEY = 0x6f706d6173726fL;

    private final Flyway flyway;
    private final ClassLoader classLoader;

    private SchemaMigrator(Flyway flyway, ClassLoader classLoader) {
        this.flyway = flyway;
        this.classLoader = classLoader;
    }

    /** A migrator on an existing data source (its user becomes the owner of every object). */
    public static SchemaMigrator of(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new SchemaMigrator(configure().dataSource(dataSource).load(), defaultClassLoader());
    }

    /** A migrator on a JDBC URL ({@code jdbc:postgresql://host:port/db}); user and password may be null. */
    public static SchemaMigrator of(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new SchemaMigrationException("No JDBC URL given (expected jdbc:postgresql://host:port/database)");
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new SchemaMigrationException("Unsupported JDBC URL '" + redact(jdbcUrl)
                    + "': OPMAS runs on PostgreSQL only (expected jdbc:postgresql://host:port/database)");
        }
        return new SchemaMigrator(configure().dataSource(jdbcUrl, user, password).load(), defaultClassLoader());
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration configure() {
        return Flyway.configure(defaultClassLoader())
                .locations(MIGRATION_LOCATION)
                // Plain SQL: no ${...} placeholder substitution in migrations.
                .placeholderReplacement(false)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : SchemaMigrator.class.getClassLoader();
    }

    /** Shortcut: migrate the database behind {@code dataSource} to the latest version. */
    public static String migrate(DataSource dataSource) {
        return of(dataSource).migrate();
    }

    /** Shortcut: migrate the database at {@code jdbcUrl} to the latest version. */
    public static String migrate(String jdbcUrl, String user, String password) {
        return of(jdbcUrl, user, password).migrate();
    }

    /** The underlying Flyway instance (for callers that need more of its API). */
    public Flyway flyway() {
        return flyway;
    }

    /**
     * Applies every pending migration.
     *
     * @return the schema version after the run, or {@code null} if the database is empty
     */
    public String migrate() {
        try {
            MigrateResult result = flyway.migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion();
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Migration failed: " + rootMessage(e), e);
        }
    }

    /**
     * Applies pending migrations up to and including {@code targetVersion}, e.g. to stop at the
     * foundation ({@code "9"}) or to bring a database to a known release.
     *
     * @return the schema version after the run
     */
    public String migrateTo(String targetVersion) {
        try {
            Flyway bounded = Flyway.configure(classLoader).configuration(flyway.getConfiguration())
                    .target(MigrationVersion.fromVersion(targetVersion)).load();
            MigrateResult result = bounded.migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion();
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Migration to " + targetVersion + " failed: " + rootMessage(e), e);
        }
    }

    /** The version of the newest migration on the class path (applied or not). */
    public String latestVersion() {
        try {
            MigrationInfo[] all = flyway.info().all();
            return all.length == 0 ? null : all[all.length - 1].getVersion().getVersion();
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Cannot read the migrations: " + rootMessage(e), e);
        }
    }

    /** The current schema version, or {@code null} if nothing is applied. */
    public String currentVersion() {
        try {
            MigrationInfo current = flyway.info().current();
            return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Cannot read the schema history: " + rootMessage(e), e);
        }
    }

    /** Every migration known on the classpath or in the history table, in version order. */
    public List<MigrationStatus> info() {
        try {
            List<MigrationStatus> out = new ArrayList<>();
            for (MigrationInfo mi : flyway.info().all()) {
                String script = mi.getScript();
                out.add(new MigrationStatus(
                        mi.getVersion() == null ? null : mi.getVersion().getVersion(),
                        mi.getDescription(),
                        script,
                        mi.getState().getDisplayName(),
                        mi.getInstalledOn() == null ? null : mi.getInstalledOn().toInstant(),
                        script != null && classLoader.getResource(rollbackResource(script)) != null));
            }
            return out;
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Cannot read the schema history: " + rootMessage(e), e);
        }
    }

    /**
     * Rolls back every applied migration; afterwards the database holds no OPMAS object (only
     * Flyway's empty history table).
     *
     * @return the scripts of the rolled-back migrations, in the order they were undone
     */
    public List<String> rollbackAll() {
        return rollback(null);
    }

    /**
     * Rolls back every applied migration whose version is above {@code targetVersion}, newest first.
     *
     * @param targetVersion version to keep (e.g. {@code "5"}); {@code "0"} rolls back everything
     * @return the scripts of the rolled-back migrations, in the order they were undone
     */
    public List<String> rollbackTo(String targetVersion) {
        if (targetVersion == null || targetVersion.isBlank()) {
            throw new SchemaMigrationException("rollback --to needs a version, e.g. 5");
        }
        MigrationVersion target;
        try {
            target = MigrationVersion.fromVersion(targetVersion.trim());
        } catch (RuntimeException e) {
            throw new SchemaMigrationException("Not a migration version: '" + targetVersion + "'", e);
        }
        return rollback(target);
    }

    private List<String> rollback(MigrationVersion target) {
        MigrationInfo[] applied;
        try {
            applied = flyway.info().applied();
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Cannot read the schema history: " + rootMessage(e), e);
        }
        List<MigrationInfo> toUndo = new ArrayList<>();
        for (MigrationInfo mi : applied) {
            if (mi.getVersion() == null) {
                continue;                                   // repeatable migrations: none in OPMAS
            }
            if (target != null && mi.getVersion().compareTo(target) <= 0) {
                continue;
            }
            if (mi.getState().isFailed()) {
                throw new SchemaMigrationException("Migration " + mi.getVersion() + " (" + mi.getScript()
                        + ") is recorded as failed; fix the database by hand and remove its row from the history "
                        + "table (or run Flyway repair) before rolling back");
            }
            String script = mi.getScript();
            if (script == null || !script.startsWith("V") || !script.endsWith(".sql")) {
                throw new SchemaMigrationException("Cannot roll back version " + mi.getVersion() + " ('" + script
                        + "', type " + mi.getType() + "): only SQL migrations V<n>__<what>.sql have down scripts");
            }
            toUndo.add(mi);
        }
        // Reverse order of application.
        toUndo.sort(Comparator.comparing(MigrationInfo::getInstalledRank, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());

        // Check every down script exists before touching anything.
        List<String> missing = new ArrayList<>();
        for (MigrationInfo mi : toUndo) {
            if (classLoader.getResource(rollbackResource(mi.getScript())) == null) {
                missing.add("classpath:" + rollbackResource(mi.getScript()));
            }
        }
        if (!missing.isEmpty()) {
            throw new SchemaMigrationException("Missing rollback script(s): " + String.join(", ", missing));
        }

        String historyTable = historyTable();
        List<String> undone = new ArrayList<>();
        for (MigrationInfo mi : toUndo) {
            String version = mi.getVersion().getVersion();
            String resource = rollbackResource(mi.getScript());
            String sql = readResource(resource);
            try (Connection c = flyway.getConfiguration().getDataSource().getConnection()) {
                requirePostgres(c);
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT pg_advisory_xact_lock(" + ROLLBACK_LOCK_KEY + ")");
                    }
                    if (!stillApplied(c, historyTable, version)) {
                        c.rollback();                       // rolled back concurrently by someone else
                        continue;
                    }
                    try (Statement st = c.createStatement()) {
                        st.execute(sql);
                        logWarnings(st.getWarnings(), resource);
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM " + historyTable + " WHERE version = ?")) {
                        ps.setString(1, version);
                        ps.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    safeRollback(c);
                    throw new SchemaMigrationException("Rollback of version " + version + " failed in "
                            + resource + ": " + sqlMessage(e) + (undone.isEmpty() ? ""
                            : " (already rolled back: " + String.join(", ", undone) + ")"), e);
                } finally {
                    restoreAutoCommit(c, autoCommit);
                }
            } catch (SQLException e) {
                throw new SchemaMigrationException("Cannot connect for the rollback of version " + version + ": "
                        + sqlMessage(e), e);
            }
            undone.add(mi.getScript());
        }
        return undone;
    }

    private static boolean stillApplied(Connection c, String historyTable, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + historyTable + " WHERE version = ? AND success FOR UPDATE")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The quoted, schema-qualified name of Flyway's history table. */
    private String historyTable() {
        var cfg = flyway.getConfiguration();
        String schema = cfg.getDefaultSchema();
        if (schema == null && cfg.getSchemas() != null && cfg.getSchemas().length > 0) {
            schema = cfg.getSchemas()[0];
        }
        if (schema == null) {
            try (Connection c = cfg.getDataSource().getConnection();
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                schema = rs.next() ? rs.getString(1) : null;
            } catch (SQLException e) {
                throw new SchemaMigrationException("Cannot connect to the database: " + sqlMessage(e), e);
            }
        }
        if (schema == null) {
            throw new SchemaMigrationException("Cannot tell the schema of the Flyway history table "
                    + "(no current schema on the connection's search_path)");
        }
        return quoteIdent(schema) + "." + quoteIdent(cfg.getTable());
    }

    static String rollbackResource(String migrationScript) {
        String file = migrationScript;
        int slash = file.lastIndexOf('/');
        if (slash >= 0) {
            file = file.substring(slash + 1);
        }
        return ROLLBACK_FOLDER + "/U" + file.substring(1);
    }

    private String readResource(String resource) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SchemaMigrationException("Missing rollback script classpath:" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemaMigrationException("Cannot read classpath:" + resource + ": " + e.getMessage(), e);
        }
    }

    private static void requirePostgres(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if (!"PostgreSQL".equalsIgnoreCase(product)) {
            throw new SchemaMigrationException("OPMAS runs on PostgreSQL only, this database is " + product);
        }
    }

    private static void logWarnings(SQLWarning w, String resource) {
        for (; w != null; w = w.getNextWarning()) {
            System.err.println("WARNING (" + resource + "): " + w.getMessage());
        }
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // connection is closed right after
        }
    }

    static String quoteIdent(String ident) {
        return '"' + ident.replace("\"", "\"\"") + '"';
    }

    private static String sqlMessage(Throwable e) {
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            return sql.getMessage() + " [SQLState " + sql.getSQLState() + "]";
        }
        return e.getMessage();
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        Throwable t = e.getCause();
        while (t != null) {
            if (t instanceof SQLException sql) {
                return msg + " (cause: " + sqlMessage(sql) + ")";
            }
            t = t.getCause();
        }
        return msg;
    }

    /** Removes a {@code password=...} parameter from a JDBC URL before it is printed. */
    static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    // ------------------------------------------------------------------------------------------
    // Command line
    // ------------------------------------------------------------------------------------------

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.exit(code);
    }

    /**
     * The command line without {@link System#exit}: {@code migrate | rollback [--to V] | info}.
     *
     * @return the exit code: 0 success, 1 failure, 2 usage error
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> a = args == null ? List.of() : Arrays.asList(args);
        if (a.isEmpty() || a.contains("-h") || a.contains("--help") || a.contains("help")) {
            usage(a.isEmpty() ? err : out);
            return a.isEmpty() ? 2 : 0;
        }
        String command = a.get(0);
        String to = null;
        if ("rollback".equals(command)) {
            if (a.size() == 3 && "--to".equals(a.get(1))) {
                to = a.get(2);
            } else if (a.size() == 2 && a.get(1).startsWith("--to=")) {
                to = a.get(1).substring("--to=".length());
            } else if (a.size() != 1) {
                err.println("error: unexpected arguments for rollback: " + String.join(" ", a.subList(1, a.size())));
                usage(err);
                return 2;
            }
        } else if (("migrate".equals(command) || "info".equals(command)) && a.size() != 1) {
            err.println("error: '" + command + "' takes no arguments");
            usage(err);
            return 2;
        } else if (!"migrate".equals(command) && !"info".equals(command)) {
            err.println("error: unknown command '" + command + "'");
            usage(err);
            return 2;
        }

        String url = env.get(ENV_URL);
        if (url == null || url.isBlank()) {
            err.println("error: " + ENV_URL + " is not set (expected jdbc:postgresql://host:port/database; "
                    + "user and password in " + ENV_USER + " and " + ENV_PASSWORD + ")");
            return 2;
        }
        String user = env.get(ENV_USER);
        String password = env.get(ENV_PASSWORD);
        try {
            SchemaMigrator migrator = of(url.trim(), blankToNull(user), password);
            switch (command) {
                case "migrate" -> {
                    String before = migrator.currentVersion();
                    String after = migrator.migrate();
                    out.println("OPMAS schema migrated: " + (before == null ? "empty" : "version " + before)
                            + " -> " + (after == null ? "empty" : "version " + after) + " (" + redact(url) + ")");
                }
                case "rollback" -> {
                    List<String> undone = to == null ? migrator.rollbackAll() : migrator.rollbackTo(to);
                    if (undone.isEmpty()) {
                        out.println("Nothing to roll back" + (to == null ? "" : " above version " + to) + ".");
                    }
                    for (String s : undone) {
                        out.println("rolled back " + s);
                    }
                    String now = migrator.currentVersion();
                    out.println("OPMAS schema now at " + (now == null ? "no version (empty)" : "version " + now));
                }
                case "info" -> printInfo(migrator.info(), out);
                default -> throw new IllegalStateException(command);
            }
            return 0;
        } catch (SchemaMigrationException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + rootMessage(e));
            return 1;
        }
    }

    private static void printInfo(List<MigrationStatus> rows, PrintStream out) {
        out.printf("%-8s %-40s %-10s %-26s %s%n", "Version", "Description", "State", "Installed on", "Rollback");
        for (MigrationStatus r : rows) {
            out.printf("%-8s %-40s %-10s %-26s %s%n",
                    r.version() == null ? "" : r.version(),
                    r.description(),
                    r.state(),
                    r.installedOn() == null ? "" : r.installedOn().toString(),
                    r.rollbackAvailable() ? "yes" : "MISSING");
        }
    }

    private static void usage(PrintStream p) {
        p.println("usage: SchemaMigrator migrate | rollback [--to VERSION] | info");
        p.println("  migrate              apply all pending migrations (classpath:db/migration)");
        p.println("  rollback             undo every applied migration (classpath:db/rollback U scripts)");
        p.println("  rollback --to V      undo the applied migrations above version V");
        p.println("  info                 list migrations and their state");
        p.println("environment: " + ENV_URL + "=jdbc:postgresql://host:port/db, " + ENV_USER + ", " + ENV_PASSWORD);
        p.println("exit code: 0 ok, 1 failure, 2 usage error");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
