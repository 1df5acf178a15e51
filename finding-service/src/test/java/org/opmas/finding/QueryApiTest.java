package org.opmas.finding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opmas.common.config.RuntimeSettings;
import org.opmas.common.rest.ProblemException;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.finding.config.FindingSettings;
import org.opmas.finding.retention.service.MaintenanceService;
import org.opmas.finding.support.TestFleet;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class QueryApiTest {

    @Inject
    RuntimeSettings settings;
    @Inject
    Pool pool;
    @Inject
    MeterRegistry registry;

    /** Inserts findings as the admin: fast, and exactly the rows a test needs. */
    private static void insert(long device, String type, String severity, String description, String details,
            String createdAt) {
        TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, description, details, "
                + "fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, " + createdAt + ")",
                TestFleet.agent(), device, type, severity, description, details, type + ":" + UUID.randomUUID());
    }

    @Test
    void filtersByColumnsJsonPathAndFullText() {
        long device = TestFleet.newDevice();
        String type = "q_" + UUID.randomUUID().toString().substring(0, 8);
        String word = "zebra" + UUID.randomUUID().toString().substring(0, 6);
        insert(device, type, "warning", "failed logins from " + word, "{\"source_ip\":\"192.0.2.7\",\"count\":5}", "now()");
        insert(device, type, "critical", "oom killer invoked", "{\"iface\":{\"name\":\"wlan0\"},\"count\":9}", "now()");
        insert(device, type, "info", "low signal", "{\"source_ip\":\"192.0.2.8\"}", "now() - interval '2 days'");

        given().queryParam("finding_type", type).when().get("/api/v1/findings").then().statusCode(200)
                .body("total", is(3)).body("items", hasSize(3)).body("page", is(0)).body("size", is(50));
        given().queryParam("finding_type", type).queryParam("details.source_ip", "192.0.2.7")
                .when().get("/api/v1/findings").then().body("total", is(1))
                .body("items[0].description", containsString(word));
        given().queryParam("finding_type", type).queryParam("details.iface.name", "wlan0")
                .when().get("/api/v1/findings").then().body("total", is(1)).body("items[0].severity", is("critical"));
        // numbers match their typed JSON form too
        given().queryParam("finding_type", type).queryParam("details.count", "9")
                .when().get("/api/v1/findings").then().body("total", is(1));
        given().queryParam("q", word).when().get("/api/v1/findings").then().body("total", is(1))
                .body("items[0].finding_type", is(type));
        // full text and JSON path together (the text search is the source, the path a filter on it)
        given().queryParam("q", word).queryParam("details.count", "5").when().get("/api/v1/findings").then()
                .body("total", is(1)).body("items[0].finding_type", is(type));
        given().queryParam("q", word).queryParam("details.count", "9").when().get("/api/v1/findings").then()
                .body("total", is(0));
        given().queryParam("finding_type", type).queryParam("min_severity", "warning")
                .when().get("/api/v1/findings").then().body("total", is(2))
                .body("items.severity", everyItem(org.hamcrest.Matchers.in(List.of("warning", "critical"))));
        given().queryParam("finding_type", type).queryParam("severity", "info")
                .when().get("/api/v1/findings").then().body("total", is(1));
        given().queryParam("device_id", device).queryParam("created_after", java.time.Instant.now().minusSeconds(3600).toString())
                .when().get("/api/v1/findings").then().body("total", is(2));
        given().queryParam("finding_type", type).queryParam("sort", "severity,desc")
                .when().get("/api/v1/findings").then().body("items.severity", org.hamcrest.Matchers.contains(
                        "critical", "warning", "info"));

        given().queryParam("details.source-ip", "x").when().get("/api/v1/findings").then().statusCode(400)
                .body("errors[0].field", is("details.source-ip"));
        given().queryParam("severity", "fatal").when().get("/api/v1/findings").then().statusCode(400)
                .body("errors[0].field", is("severity"));
        given().queryParam("sort", "description").when().get("/api/v1/findings").then().statusCode(400)
                .body("errors[0].field", is("sort"));
        given().queryParam("created_after", "yesterday").when().get("/api/v1/findings").then().statusCode(400)
                .body("errors[0].field", is("created_after"));
        given().queryParam("cursor", "garbage!").when().get("/api/v1/findings").then().statusCode(400)
                .body("errors[0].field", is("cursor"));
        given().when().get("/api/v1/findings/2147483000").then().statusCode(404);
    }

    @Test
    void cursorPagingHasNoGapsOrDuplicatesWhileRowsAreInserted() throws Exception {
        long device = TestFleet.newDevice();
        String type = "c_" + UUID.randomUUID().toString().substring(0, 8);
        // 120 rows, three per timestamp, so ties are broken by id.
        TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint, created_at) "
                + "SELECT ?, ?, ?, 'info', ? || g, now() - ((g / 3) * interval '1 second') FROM generate_series(1, 120) g",
                TestFleet.agent(), device, type, type + ":");
        Set<Long> existing = new HashSet<>();
        for (Object id : given().queryParam("finding_type", type).queryParam("size", 500).when().get("/api/v1/findings")
                .jsonPath().getList("items.id")) {
            existing.add(((Number) id).longValue());
        }
        assertThat(existing).hasSize(120);

        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint) "
                        + "VALUES (?, ?, ?, 'info', ?)", TestFleet.agent(), device, type, type + ":" + UUID.randomUUID());
            }
        });
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        try {
            do {
                var request = given().queryParam("finding_type", type).queryParam("size", 25)
                        .queryParam("created_before", java.time.Instant.now().plusSeconds(3600).toString());
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.when().get("/api/v1/findings").then().statusCode(200).extract().jsonPath();
                for (Object id : page.getList("items.id")) {
                    seen.add(((Number) id).longValue());
                }
                cursor = page.getString("next_cursor");
                pages++;
            } while (cursor != null && pages < 100);
        } finally {
            stop.set(true);
            writer.get();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(existing);
        // Newest first: rows inserted during paging are newer than the first page's start, so the walk
        // never reaches them after it started — only the original rows, in order.
        assertThat(seen).hasSize(existing.size() + (int) seen.stream().filter(id -> !existing.contains(id)).count());
        assertThat(pages).isGreaterThanOrEqualTo(5);
    }

    /**
     * Keyset paging in both directions over rows spread across three monthly partitions (the cursor
     * also prunes partitions): every row exactly once, in (created_at, id) order, ties broken by id.
     */
    @Test
    void cursorPagingWalksAcrossPartitionsInBothDirections() {
        long device = TestFleet.newDevice();
        String type = "k_" + UUID.randomUUID().toString().substring(0, 8);
        TestFleet.execute("SELECT opmas_create_findings_partition(date_trunc('month', now()) - (m || ' months')::interval) "
                + "FROM generate_series(1, 2) m");
        // 45 rows: 15 timestamps two weeks apart (reaching two months back), three rows per timestamp.
        TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint, created_at) "
                + "SELECT ?, ?, ?, 'info', ? || g, now() - ((g / 3) * interval '4 days') FROM generate_series(0, 44) g",
                TestFleet.agent(), device, type, type + ":");
        assertThat(TestFleet.count("SELECT count(DISTINCT tableoid) FROM findings WHERE finding_type = ?", type))
                .isGreaterThanOrEqualTo(2);
        for (String direction : List.of("desc", "asc")) {
            List<Long> expected = new ArrayList<>();
            try (var c = TestFleet.admin(); var ps = c.prepareStatement(
                    "SELECT id FROM findings WHERE finding_type = ? ORDER BY created_at " + direction + ", id " + direction)) {
                ps.setString(1, type);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expected.add(rs.getLong(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                var request = given().queryParam("finding_type", type).queryParam("size", 7)
                        .queryParam("sort", "created_at," + direction);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.when().get("/api/v1/findings").then().statusCode(200).extract().jsonPath();
                page.getList("items.id").forEach(id -> seen.add(((Number) id).longValue()));
                cursor = page.getString("next_cursor");
                pages++;
            } while (cursor != null && pages < 20);
            assertThat(seen).as(direction).containsExactlyElementsOf(expected);
            assertThat(pages).as(direction).isEqualTo(7); // 6 full pages + 1 of 3 rows
        }
    }

    @Test
    void statisticsCountPerBucketAndGroup() {
        long device = TestFleet.newDevice();
        String type = "s_" + UUID.randomUUID().toString().substring(0, 8);
        String base = "date_trunc('hour', now()) - interval '5 hours'";
        insert(device, type, "warning", "a", "{}", base + " + interval '10 minutes'");
        insert(device, type, "warning", "b", "{}", base + " + interval '20 minutes'");
        insert(device, type, "error", "c", "{}", base + " + interval '70 minutes'");
        String from = TestFleet.text("SELECT to_char((" + base + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
        java.time.Instant start = java.time.Instant.parse(from);
        JsonPath stats = given().queryParam("from", from).queryParam("to", start.plusSeconds(2 * 3600).toString())
                .queryParam("bucket", "hour").queryParam("group_by", "finding_type")
                .when().get("/api/v1/findings/stats").then().statusCode(200)
                .body("bucket", is("hour")).body("group_by", is("finding_type"))
                .extract().jsonPath();
        assertThat(stats.getString("buckets[0].start")).isEqualTo(from);
        assertThat(stats.getInt("buckets[0].counts." + type)).isEqualTo(2);
        assertThat(stats.getString("buckets[1].start")).isEqualTo(start.plusSeconds(3600).toString());
        assertThat(stats.getInt("buckets[1].counts." + type)).isEqualTo(1);

        given().queryParam("device_id", device).queryParam("group_by", "nope").when().get("/api/v1/findings/stats")
                .then().statusCode(400).body("errors[0].field", is("group_by"));
        given().queryParam("bucket", "week").when().get("/api/v1/findings/stats")
                .then().statusCode(400).body("errors[0].field", is("bucket"));
    }

    @Test
    void retentionDropsOldPartitionsNotRows() {
        long device = TestFleet.newDevice();
        TestFleet.execute("SELECT opmas_create_findings_partition('2020-03-01T00:00:00Z'::timestamptz)");
        String fp = "old:" + UUID.randomUUID();
        TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint, created_at) "
                + "VALUES (?, ?, 'old', 'info', ?, '2020-03-15T00:00:00Z')", TestFleet.agent(), device, fp);
        long oldId = TestFleet.count("SELECT id FROM findings WHERE fingerprint = ?", fp);
        TestFleet.execute("INSERT INTO finding_transitions (finding_id, finding_created_at, to_status, transition, actor) "
                + "VALUES (?, '2020-03-15T00:00:00Z', 'new', 'detected', 'test')", (int) oldId);
        String recent = "recent:" + UUID.randomUUID();
        TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint) "
                + "VALUES (?, ?, 'recent', 'info', ?)", TestFleet.agent(), device, recent);

        String march2020 = "SELECT count(*) FROM (SELECT hour FROM finding_counts UNION ALL SELECT hour FROM "
                + "finding_count_deltas) c WHERE hour >= '2020-03-01T00:00:00Z' AND hour < '2020-04-01T00:00:00Z'";
        assertThat(TestFleet.count(march2020)).as("hourly counts of the old finding").isPositive();

        given().when().post("/api/v1/findings/maintenance/run").then().statusCode(200)
                .body("dropped_partitions", hasItem("findings_p202003"))
                .body("retention_days", is(90)).body("cutoff", notNullValue());
        assertThat(TestFleet.text("SELECT to_regclass('public.findings_p202003')::text")).isNull();
        assertThat(TestFleet.count("SELECT count(*) FROM findings WHERE fingerprint = ?", recent)).isEqualTo(1);
        assertThat(TestFleet.count("SELECT count(*) FROM finding_transitions WHERE finding_id = ?", (int) oldId)).isZero();
        assertThat(TestFleet.count(march2020)).as("the dropped month's counts go with it").isZero();
        // the coming months exist
        assertThat(TestFleet.text("SELECT to_regclass('public.findings_p' || to_char(now() + interval '3 months', 'YYYYMM'))::text"))
                .isNotNull();
    }

    @Test
    void maintenanceRightAfterAStartWaitsForTheStoredRetentionInsteadOfDroppingByTheDefault() {
        TestFleet.execute("SELECT opmas_create_findings_partition('2019-07-01T00:00:00Z'::timestamptz)");
        // The settings of a finding-service that has just started: not read yet, so retention would be 90 days.
        RuntimeSettings notReadYet = settings.unloaded();
        MaintenanceService afterStart = new MaintenanceService(pool, new FindingSettings(notReadYet), notReadYet, registry);

        assertThatThrownBy(() -> afterStart.run().await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining(FindingSettings.RETENTION_DAYS);
        assertThat(TestFleet.text("SELECT to_regclass('public.findings_p201907')::text")).isEqualTo("findings_p201907");

        notReadYet.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(afterStart.run().await().atMost(Duration.ofSeconds(30)).droppedPartitions()).contains("findings_p201907");
    }
}
