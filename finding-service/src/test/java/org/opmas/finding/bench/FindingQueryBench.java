package org.opmas.finding.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opmas.devkit.OpmasInfrastructure;
import org.opmas.devkit.Ports;
import org.opmas.devkit.security.DevTokens;
import org.opmas.finding.query.repository.FindingReadRepository;
import org.opmas.finding.query.service.FindingCursor;
import org.opmas.finding.query.service.FindingQuery;
import org.opmas.finding.query.service.FindingQueryService;
import org.opmas.finding.stats.service.FindingStatsService;

/**
 * The findings query benchmark (issue #5 "Scale", issue #9 "Query"). Against a running PostgreSQL and
 * finding-service it
 * <ol>
 *   <li>seeds {@code --rows} findings (default 1,000,000) over the last 365 days and 1,000 devices with
 *       {@code bench/seed-findings.sql} (only the rows not seeded before), then VACUUM ANALYZEs;</li>
 *   <li>prints {@code EXPLAIN (ANALYZE, BUFFERS)} of the exact SQL the service runs for each query shape
 *       and fails if a plan does not use the expected index or does not prune partitions;</li>
 *   <li>drives each endpoint with {@code --clients} concurrent clients (a list such as 1,4,8 runs each) for {@code --duration} seconds
 *       and prints requests/s, p50, p99 and max per endpoint.</li>
 * </ol>
 * Two ways to run it (docs/benchmarks/finding-service.md):
 * <ul>
 *   <li>{@code --infra=stack} (default): the stack of {@code ./opmas up} — PostgreSQL on 127.0.0.1:15432
 *       (user postgres), finding-service on :8083, token signed with {@code .opmas/secrets};</li>
 *   <li>{@code --infra=shared}: {@link OpmasInfrastructure#shared()} (embedded PostgreSQL + Kafka on free
 *       ports) plus the packaged finding-service ({@code target/quarkus-app}) started here.</li>
 * </ul>
 * Exit code 1 when a plan check fails or an endpoint answered with errors.
 */
public final class FindingQueryBench {

    private static final int PAGE = 50;

    private final Map<String, String> options;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;

    private FindingQueryBench(Map<String, String> options, String jdbcUrl, String dbUser, String dbPassword) {
        this.options = options;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String infra = options.getOrDefault("infra", "stack");
        Process service = null;
        int exit;
        try {
            FindingQueryBench bench;
            String baseUrl;
            String token;
            if (infra.equals("shared")) {
                OpmasInfrastructure.Coordinates coordinates = OpmasInfrastructure.shared();
                bench = new FindingQueryBench(options, coordinates.jdbcUrl(), coordinates.adminUser(),
                        coordinates.adminPassword());
                Path home = Files.createTempDirectory("opmas-finding-bench");
                DevTokens tokens = DevTokens.forInstallation(home);
                int port = Ports.free();
                baseUrl = "http://127.0.0.1:" + port;
                if (!options.containsKey("skip-http")) {
                    service = startService(options, coordinates, tokens, home, port);
                }
                token = tokens.mint("finding-bench", Set.of(DevTokens.VIEWER), Duration.ofHours(4));
            } else if (infra.equals("stack")) {
                bench = new FindingQueryBench(options,
                        options.getOrDefault("db", "jdbc:postgresql://127.0.0.1:15432/opmas"),
                        options.getOrDefault("db-user", "postgres"), options.getOrDefault("db-password", ""));
                baseUrl = options.getOrDefault("url", "http://127.0.0.1:8083");
                Path home = Path.of(options.getOrDefault("home", ".opmas"));
                token = DevTokens.forInstallation(home).mint("finding-bench", Set.of(DevTokens.VIEWER),
                        Duration.ofHours(4));
            } else {
                throw new IllegalArgumentException("--infra must be stack or shared");
            }
            exit = bench.run(baseUrl, token, service);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
        }
        System.exit(exit);
    }

    private int run(String baseUrl, String token, Process service) throws Exception {
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        boolean failed = false;
        Class.forName("org.postgresql.Driver"); // exec:java's class loader hides it from DriverManager's scan
        try (Connection db = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            seed(db, rows);
            Fixture fixture = fixture(db, rows);
            failed |= !explainAll(db, fixture);
            if (!options.containsKey("skip-http")) {
                HttpLoad load = new HttpLoad(baseUrl, token);
                awaitReady(load, service);
                failed |= !drive(load, fixture);
            }
        }
        System.out.println(failed ? "\nRESULT: FAILED (see above)" : "\nRESULT: ok");
        return failed ? 1 : 0;
    }

    // ---------------------------------------------------------------------------------------------- seed

    private void seed(Connection db, int rows) throws SQLException, IOException {
        long seeded = seededUpTo(db);
        if (seeded >= rows) {
            System.out.printf("Seed: %,d bench findings already there (wanted %,d); not seeding.%n", seeded, rows);
            return;
        }
        String script;
        try (InputStream in = FindingQueryBench.class.getResourceAsStream("/bench/seed-findings.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        script = script.replaceAll("(?<!:):first\\b", Long.toString(seeded + 1))
                .replaceAll("(?<!:):last\\b", Integer.toString(rows));
        long started = System.nanoTime();
        try (Statement st = db.createStatement()) {
            for (String statement : statements(script)) {
                st.execute(statement);
            }
        }
        long seededMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        try (Statement st = db.createStatement()) {
            // What the service's compactor does every few seconds (the seed's inserts left their +1 rows
            // in finding_count_deltas), then the visibility map + statistics, as autovacuum would leave
            // them on a settled table.
            st.execute("SELECT finding_counts_compact()");
            st.execute("VACUUM (ANALYZE) findings");
            st.execute("VACUUM (ANALYZE) finding_counts");
            st.execute("VACUUM (ANALYZE) finding_count_deltas");
        }
        System.out.printf("Seed: findings %,d..%,d in %,d ms, VACUUM ANALYZE in %,d ms%n", seeded + 1, rows, seededMs,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static long seededUpTo(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT coalesce(max(substring(fingerprint FROM 7)::bigint), 0) FROM findings "
                        + "WHERE agent_id = (SELECT id FROM agents WHERE name = 'bench-agent') AND fingerprint LIKE 'bench:%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.stripLeading().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    // -------------------------------------------------------------------------------------------- fixture

    /** Values the query shapes draw from: bench devices, deep keyset positions, rows to search for. */
    record Fixture(int rows, List<Integer> devices, List<FindingCursor> deepCursors, Instant now, String tenant) {

        String sourceIp(long g) {
            return "198.51." + (g % 250) + "." + (g % 199);
        }

        long anyRow() {
            return ThreadLocalRandom.current().nextLong(1, rows + 1);
        }
    }

    private static Fixture fixture(Connection db, int rows) throws SQLException {
        List<Integer> devices = new ArrayList<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM devices WHERE hostname LIKE 'bench-%' ORDER BY id")) {
            while (rs.next()) {
                devices.add(rs.getInt(1));
            }
        }
        // Keyset positions 4-8 months back: far behind the first pages of a newest-first listing.
        List<FindingCursor> cursors = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT created_at, id FROM findings TABLESAMPLE SYSTEM (1)
                WHERE created_at < now() - interval '120 days' AND created_at > now() - interval '240 days'
                LIMIT 200""")) {
            while (rs.next()) {
                cursors.add(new FindingCursor(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getInt(2)));
            }
        }
        if (devices.isEmpty() || cursors.isEmpty()) {
            throw new IllegalStateException("no bench data (devices: " + devices.size() + ", deep rows: "
                    + cursors.size() + ")");
        }
        String tenant;
        try (PreparedStatement ps = db.prepareStatement("SELECT tenant_id FROM devices WHERE id = ?")) {
            ps.setInt(1, devices.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tenant = rs.getString(1);
            }
        }
        return new Fixture(rows, devices, cursors, Instant.now().truncatedTo(ChronoUnit.SECONDS), tenant);
    }

    // -------------------------------------------------------------------------------------------- explain

    /**
     * One API query shape: the request parameters, the parent indexes of which at least one must serve
     * it, and the created_at range partitions must be pruned to (null = unbounded on that side).
     */
    record Shape(String name, Map<String, String> parameters, FindingCursor cursor, Set<String> indexes,
            Instant from, Instant to) {
    }

    private List<Shape> shapes(Fixture f) {
        long g = f.anyRow();
        Instant thirtyDaysAgo = f.now().minus(Duration.ofDays(30));
        FindingCursor deep = HttpLoad.any(f.deepCursors());
        return List.of(
                new Shape("filtered list page (severity=warning, last 30 days)",
                        Map.of("severity", "warning", "created_after", thirtyDaysAgo.toString()), null,
                        Set.of("idx_findings_created_at_id", "idx_findings_created_at"), thirtyDaysAgo, null),
                new Shape("single-device page", Map.of("device_id", Integer.toString(HttpLoad.any(f.devices()))), null,
                        Set.of("idx_findings_device_id_created_at", "idx_findings_device_id"), null, null),
                new Shape("deep keyset page (cursor 4-8 months back)", Map.of(), deep,
                        Set.of("idx_findings_created_at_id"), null, deep.createdAt()),
                // These read from SECURITY DEFINER functions (V70_1) whose GIN index use the plan of the
                // calling query cannot show; explainSearchFunctions checks their bodies.
                new Shape("JSON-path filter (details.source_ip)", Map.of("details.source_ip", f.sourceIp(g)), null,
                        Set.of(), null, null),
                new Shape("full-text (q=<number in the description>)", Map.of("q", Long.toString(g)), null,
                        Set.of(), null, null));
    }

    /**
     * The plans three ways: as the database owner (no row-level security), and as the service's role
     * {@code opmas_finding} in a transaction that names the tenant the way {@code TenantScope} does —
     * all tenants ({@code '*'}) and one tenant (the first bench device's).
     */
    private boolean explainAll(Connection db, Fixture f) throws SQLException {
        System.out.println("\n== EXPLAIN (ANALYZE, BUFFERS) of the SQL the service runs ==");
        System.out.println("\n==== as the database owner (row-level security does not apply) ====");
        boolean ok = explainShapes(db, f, null);
        String role = options.getOrDefault("service-user", "opmas_finding");
        try (Connection service = DriverManager.getConnection(jdbcUrl, role,
                options.getOrDefault("service-password", OpmasInfrastructure.devPassword(role)))) {
            service.setAutoCommit(false);
            for (String tenant : List.of("*", f.tenant())) {
                System.out.printf("%n==== as %s, set_config('opmas.tenant', '%s', true) (row-level security) ====%n",
                        role, tenant);
                ok &= explainShapes(service, f, tenant);
            }
        }
        return ok;
    }

    private boolean explainShapes(Connection db, Fixture f, String tenant) throws SQLException {
        this.tenant = tenant;
        boolean ok = true;
        for (Shape shape : shapes(f)) {
            FindingQuery query = query(shape.parameters());
            FindingReadRepository.Statement list = FindingReadRepository.listStatement(query, shape.cursor(), 0, PAGE);
            ok &= explain(db, shape.name() + " — page", list.sql(), list.params(), shape.indexes(), shape.from(),
                    shape.to());
            if (shape.cursor() == null) {
                FindingReadRepository.Statement count = FindingReadRepository.countStatement(query,
                        FindingQueryService.TOTAL_LIMIT);
                ok &= explain(db, shape.name() + " — total (capped)", count.sql(), count.params(), Set.of(),
                        shape.from(), shape.to());
            }
        }
        OffsetDateTime to = f.now().atOffset(java.time.ZoneOffset.UTC);
        io.vertx.mutiny.sqlclient.Tuple stats = FindingStatsService.parameters("severity", to.minusDays(30).toInstant(),
                to.toInstant());
        List<Object> statsParams = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            statsParams.add(stats.getValue(i));
        }
        ok &= explain(db, "stats by severity per day, last 30 days (hourly counts + the partial hours at both ends)",
                FindingStatsService.sql("day", "severity"), statsParams, Set.of("pk_finding_counts"),
                to.minusDays(30).toInstant(), to.toInstant());
        if (tenant == null) {
            ok &= explainSearchFunctions(db, f);
        }
        return ok;
    }

    /**
     * The bodies of the V70_1 search functions, EXPLAINed as the owner they run as (on the owner's
     * connection only): they must use the GIN indexes.
     */
    private boolean explainSearchFunctions(Connection db, Fixture f) throws SQLException {
        long g = f.anyRow();
        String body = "SELECT prosrc FROM pg_proc WHERE proname = ?";
        boolean ok = true;
        for (String[] fn : List.of(new String[] { "opmas_findings_matching_text", "query", Long.toString(g),
                "idx_findings_description_fts" }, new String[] { "opmas_findings_containing", "document",
                        "{\"source_ip\": \"" + f.sourceIp(g) + "\"}", "idx_findings_details_gin" })) {
            String sql;
            try (PreparedStatement ps = db.prepareStatement(body)) {
                ps.setString(1, fn[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sql = rs.getString(1).strip().replaceAll("\\b" + fn[1] + "\\b", "\\$1::" + (fn[1].equals("query") ? "text" : "jsonb"));
                }
            }
            ok &= explain(db, "inside " + fn[0] + " (SECURITY DEFINER: runs as the owner)",
                    sql.replace("$1::jsonb", "$1::text::jsonb"), List.of(fn[2]), Set.of(fn[3]), null, null);
        }
        return ok;
    }

    /** The tenant the next EXPLAINs run for (null: no transaction, no tenant). */
    private String tenant;

    private boolean explain(Connection db, String name, String sql, List<Object> params, Set<String> indexes,
            Instant from, Instant to) throws SQLException {
        StringBuilder plan = new StringBuilder();
        if (tenant != null) {
            try (PreparedStatement ps = db.prepareStatement("SELECT set_config('opmas.tenant', ?, true)")) {
                ps.setString(1, tenant);
                ps.execute();
            }
        }
        Bound bound = jdbc(sql, params);
        try (PreparedStatement ps = db.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + bound.sql())) {
            for (int i = 0; i < bound.params().size(); i++) {
                Object value = bound.params().get(i);
                if (value instanceof String[] array) {
                    ps.setArray(i + 1, db.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, value);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        List<String> problems = new ArrayList<>();
        // Pruning: no monthly partition wholly outside [from, to] may appear in the plan.
        Set<String> partitions = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("on findings_p([0-9]{6})").matcher(plan);
        while (m.find()) {
            partitions.add(m.group(1));
        }
        String lowest = from == null ? null : month(from);
        String highest = to == null ? null : month(to);
        for (String month : partitions) {
            if ((lowest != null && month.compareTo(lowest) < 0) || (highest != null && month.compareTo(highest) > 0)) {
                problems.add("partition findings_p" + month + " is outside the range and was not pruned");
            }
        }
        Set<String> used = parentIndexes(db, plan);
        if (tenant != null) {
            db.rollback();
        }
        if (!indexes.isEmpty() && used.stream().noneMatch(indexes::contains)) {
            problems.add("none of " + indexes + " is used (used: " + used + ")");
        }
        System.out.printf("%n-- %s%n-- %s%n-- parameters: %s%n%s", name, sql, describe(params), plan);
        System.out.println(!problems.isEmpty() ? "-- check: FAILED: " + String.join("; ", problems)
                : "-- check: ok (" + partitions.size() + " monthly partition(s); indexes " + used + ")");
        return problems.isEmpty();
    }

    private static String month(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMM").withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    /** The indexes a plan uses, as the parent (partitioned) index names a migration created. */
    private static Set<String> parentIndexes(Connection db, CharSequence plan) throws SQLException {
        Set<String> names = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("(?:using (\\S+) on|Bitmap Index Scan on (\\S+))").matcher(plan);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        Set<String> parents = new java.util.TreeSet<>();
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT coalesce(p.relname, c.relname) FROM pg_class c
                LEFT JOIN pg_inherits i ON i.inhrelid = c.oid LEFT JOIN pg_class p ON p.oid = i.inhparent
                WHERE c.relkind IN ('i', 'I') AND c.relname = ANY(?)""")) {
            ps.setArray(1, db.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parents.add(rs.getString(1));
                }
            }
        }
        return parents;
    }

    /** {@code $n} placeholders (repeated or out of order) → JDBC's {@code ?} and the parameters in their order. */
    static Bound jdbc(String sql, List<Object> params) {
        Matcher m = Pattern.compile("\\$(\\d+)").matcher(sql);
        StringBuilder out = new StringBuilder();
        List<Object> ordered = new ArrayList<>();
        java.util.BitSet used = new java.util.BitSet();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n < 1 || n > params.size()) {
                throw new IllegalStateException("$" + n + " but " + params.size() + " parameters: " + sql);
            }
            used.set(n - 1);
            ordered.add(params.get(n - 1));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        if (used.cardinality() != params.size()) {
            throw new IllegalStateException(params.size() + " parameters for " + used.cardinality() + " placeholders: " + sql);
        }
        return new Bound(out.toString(), ordered);
    }

    record Bound(String sql, List<Object> params) {
    }

    private static String describe(List<Object> params) {
        List<String> texts = new ArrayList<>();
        for (Object p : params) {
            texts.add(p instanceof String[] a ? String.join(",", a) : String.valueOf(p));
        }
        return texts.toString();
    }

    private static FindingQuery query(Map<String, String> parameters) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        parameters.forEach((k, v) -> all.put(k, List.of(v)));
        String device = parameters.get("device_id");
        return FindingQueryService.query(device == null ? null : Long.valueOf(device), null, parameters.get("severity"),
                null, null, null, parameters.get("created_after"), null, parameters.get("q"), null, all);
    }

    // ----------------------------------------------------------------------------------------------- load

    private boolean drive(HttpLoad load, Fixture f) throws InterruptedException {
        List<Integer> clientCounts = java.util.Arrays.stream(options.getOrDefault("clients", "8").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "30")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
        String since = encode(f.now().minus(Duration.ofDays(30)).toString());
        String now = encode(f.now().toString());
        Map<String, java.util.function.Supplier<String>> endpoints = new LinkedHashMap<>();
        endpoints.put("list: severity + 30 days", () -> "/api/v1/findings?severity=warning&created_after=" + since
                + "&size=" + PAGE);
        endpoints.put("list: one device", () -> "/api/v1/findings?device_id=" + HttpLoad.any(f.devices()) + "&size=" + PAGE);
        endpoints.put("list: deep keyset page", () -> "/api/v1/findings?size=" + PAGE + "&cursor="
                + HttpLoad.any(f.deepCursors()).encode());
        endpoints.put("stats: severity/day, 30 days", () -> "/api/v1/findings/stats?bucket=day&group_by=severity&from="
                + since + "&to=" + now);
        endpoints.put("stats: status/hour, 24 hours", () -> "/api/v1/findings/stats?bucket=hour&group_by=status");
        endpoints.put("stats: device/day, 30 days", () -> "/api/v1/findings/stats?bucket=day&group_by=device_id&from="
                + since + "&to=" + now);
        endpoints.put("list: details.source_ip", () -> "/api/v1/findings?size=" + PAGE + "&details.source_ip="
                + encode(f.sourceIp(f.anyRow())));
        endpoints.put("list: full text", () -> "/api/v1/findings?size=" + PAGE + "&q=" + f.anyRow());

        boolean ok = true;
        for (int clients : clientCounts) {
            System.out.printf("%n== HTTP load: %d clients, %d s per endpoint after %d s warm-up, %,d rows ==%n", clients,
                    duration.toSeconds(), warmup.toSeconds(), f.rows());
            List<HttpLoad.Result> results = new ArrayList<>();
            for (var endpoint : endpoints.entrySet()) {
                results.add(load.run(endpoint.getKey(), endpoint.getValue(), clients, warmup, duration));
            }
            System.out.printf("%n%d clients:%n| endpoint | requests | errors | req/s | p50 ms | p99 ms | max ms |%n"
                    + "|---|---:|---:|---:|---:|---:|---:|%n", clients);
            for (HttpLoad.Result r : results) {
                System.out.printf("| %s | %,d | %d | %,.0f | %.1f | %.1f | %.1f |%n", r.endpoint(), r.requests(),
                        r.errors(), r.throughput(), r.p50(), r.p99(), r.max());
                if (r.errors() > 0 || r.requests() == 0) {
                    ok = false;
                    System.out.println("  first error: " + r.firstError());
                }
            }
        }
        return ok;
    }

    private static void awaitReady(HttpLoad load, Process service) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (service != null && !service.isAlive()) {
                throw new IllegalStateException("finding-service exited with " + service.exitValue());
            }
            try {
                var response = load.get("/q/health/ready");
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500); // polling a process we do not control; nothing to await on
        }
        throw new IllegalStateException("finding-service not ready within 120 s: " + last);
    }

    private static Process startService(Map<String, String> options, OpmasInfrastructure.Coordinates infra,
            DevTokens tokens, Path home, int port) throws IOException {
        Path repository = Path.of(options.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        Path module = Files.isDirectory(repository.resolve("finding-service")) ? repository.resolve("finding-service")
                : repository;
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -o -pl finding-service package -DskipTests");
        }
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString())
                .directory(module.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("finding-service.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("OPMAS_HTTP_PORT", Integer.toString(port));
        env.put("OPMAS_DB_REACTIVE_URL", infra.reactiveUrl());
        env.put("OPMAS_DB_USER", "opmas_finding");
        env.put("OPMAS_DB_PASSWORD", OpmasInfrastructure.devPassword("opmas_finding"));
        env.put("OPMAS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
        env.put("OPMAS_MASTER_KEY", Base64.getEncoder().encodeToString(masterKey));
        env.put("OPMAS_JWT_ISSUER", tokens.issuer());
        env.put("OPMAS_JWT_PUBLIC_KEY_LOCATION", DevTokens.publicKeyFile(home).toString());
        env.put("TZ", "UTC");
        System.out.println("Starting finding-service on :" + port + " (log: " + home.resolve("finding-service.log") + ")");
        return builder.start();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options are --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        return options;
    }
}
