package org.opmas.finding.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.finding.stats.service.FindingCountsCompactor;
import org.opmas.finding.support.TestFleet;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Statistics read hourly counts (V70_1) for whole hours and the findings for the partial hours at
 * either end: they must equal a count of the findings themselves for any range, before and after the
 * deltas are compacted, and follow status changes and deletes.
 */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class FindingCountsTest {

    @Inject
    FindingCountsCompactor compactor;

    /** An hour of its own for each test, 40–400 days back, so no other test's findings share its buckets. */
    private static Instant ownHour() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS)
                .minus(Duration.ofHours(ThreadLocalRandom.current().nextInt(24 * 40, 24 * 400)));
    }

    private static long insert(long device, String type, String severity, Instant createdAt) {
        return TestFleet.insertId("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?::timestamptz) RETURNING id", TestFleet.agent(), device, type,
                severity, type + ":" + UUID.randomUUID(), createdAt.toString());
    }

    private static Map<String, Long> stats(Instant from, Instant to, String bucket, String groupBy) {
        JsonPath body = given().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("bucket", bucket).queryParam("group_by", groupBy)
                .when().get("/api/v1/findings/stats").then().statusCode(200).extract().jsonPath();
        Map<String, Long> flat = new TreeMap<>();
        for (int i = 0; i < body.getList("buckets").size(); i++) {
            String start = body.getString("buckets[" + i + "].start");
            Map<String, Number> counts = body.getMap("buckets[" + i + "].counts");
            counts.forEach((group, n) -> flat.put(start + " " + group, n.longValue()));
        }
        return flat;
    }

    /** The same figures counted from the findings themselves. */
    private static Map<String, Long> counted(Instant from, Instant to, String bucket, String column) {
        Map<String, Long> flat = new TreeMap<>();
        try (Connection c = TestFleet.admin(); PreparedStatement ps = c.prepareStatement(
                "SELECT to_char(date_trunc('" + bucket + "', created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                        + "coalesce(" + column + "::text, ''), count(*) FROM findings "
                        + "WHERE created_at >= ?::timestamptz AND created_at < ?::timestamptz GROUP BY 1, 2")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    flat.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return flat;
    }

    @Test
    void statisticsEqualACountOfTheFindingsForRangesThatCutHours() {
        Instant hour = ownHour();
        long device = TestFleet.newDevice();
        String type = "cnt_" + UUID.randomUUID().toString().substring(0, 8);
        // Findings before, inside and after whole hours, some in the partial hours at both ends.
        for (int minutes : new int[] { -50, -20, 5, 10, 59, 61, 70, 119, 120, 185, 200, 230 }) {
            insert(device, type, minutes % 2 == 0 ? "warning" : "error", hour.plus(Duration.ofMinutes(minutes)));
        }
        Instant from = hour.minus(Duration.ofMinutes(30));
        Instant to = hour.plus(Duration.ofMinutes(190));

        for (String group : new String[] { "severity", "status", "finding_type", "device_id" }) {
            Map<String, Long> expected = counted(from, to, "hour", group);
            assertThat(expected).as(group).isNotEmpty();
            assertThat(stats(from, to, "hour", group)).as("%s, before compaction", group).isEqualTo(expected);
        }
        compactor.compact().await().atMost(Duration.ofSeconds(30));
        for (String group : new String[] { "severity", "status", "finding_type", "device_id" }) {
            assertThat(stats(from, to, "hour", group)).as("%s, after compaction", group)
                    .isEqualTo(counted(from, to, "hour", group));
        }
        // Less than an hour, inside one hour, and day buckets over whole and partial hours.
        Instant shortFrom = hour.plus(Duration.ofMinutes(7));
        Instant shortTo = hour.plus(Duration.ofMinutes(65));
        assertThat(stats(shortFrom, shortTo, "hour", "finding_type")).isEqualTo(counted(shortFrom, shortTo, "hour", "finding_type"))
                .containsValue(2L);
        assertThat(stats(from, to, "day", "severity")).isEqualTo(counted(from, to, "day", "severity"));
        Map<String, Long> byType = stats(hour.minus(Duration.ofHours(1)), hour.plus(Duration.ofHours(4)), "day",
                "finding_type");
        assertThat(byType.entrySet().stream().filter(e -> e.getKey().endsWith(" " + type))
                .mapToLong(Map.Entry::getValue).sum()).isEqualTo(12);
    }

    @Test
    void countsFollowStatusChangesTenantMovesAndDeletes() {
        Instant hour = ownHour();
        long device = TestFleet.newDevice();
        String type = "mv_" + UUID.randomUUID().toString().substring(0, 8);
        long first = insert(device, type, "warning", hour.plus(Duration.ofMinutes(5)));
        insert(device, type, "warning", hour.plus(Duration.ofMinutes(6)));
        Instant from = hour;
        Instant to = hour.plus(Duration.ofHours(1));
        compactor.compact().await().atMost(Duration.ofSeconds(30));

        given().contentType("application/json").body("{\"reason\":\"seen\"}")
                .when().post("/api/v1/findings/" + first + "/acknowledge").then().statusCode(200);
        assertThat(stats(from, to, "hour", "status")).containsExactlyInAnyOrderEntriesOf(Map.of(
                hour + " new", 1L, hour + " acknowledged", 1L));
        TestFleet.execute("UPDATE findings SET severity = 'critical' WHERE id = ?", (int) first);
        assertThat(stats(from, to, "hour", "severity")).isEqualTo(Map.of(hour + " warning", 1L, hour + " critical", 1L));

        // Moving the device to another tenant moves its findings' counts (the V60_1 trigger updates them).
        TestFleet.execute("UPDATE devices SET tenant_id = 'counts-moved' WHERE id = ?", (int) device);
        assertThat(TestFleet.count("SELECT coalesce(sum(n), 0) FROM (SELECT n FROM finding_counts WHERE dimension = "
                + "'finding_type' AND value = ? AND tenant_id = 'counts-moved' UNION ALL SELECT delta FROM "
                + "finding_count_deltas WHERE dimension = 'finding_type' AND value = ? AND tenant_id = 'counts-moved') c",
                type, type)).isEqualTo(2);
        assertThat(stats(from, to, "hour", "finding_type")).containsEntry(hour + " " + type, 2L);

        TestFleet.execute("DELETE FROM findings WHERE id = ?", (int) first);
        compactor.compact().await().atMost(Duration.ofSeconds(30));
        assertThat(stats(from, to, "hour", "finding_type")).isEqualTo(Map.of(hour + " " + type, 1L));
        assertThat(stats(from, to, "hour", "status")).isEqualTo(Map.of(hour + " new", 1L));
    }

    @Test
    void repeatDetectionsOfAStormAddNoCountRows() throws SQLException {
        long device = TestFleet.newDevice();
        String type = "st_" + UUID.randomUUID().toString().substring(0, 8);
        long id = insert(device, type, "warning", Instant.now());
        try (Connection c = TestFleet.admin()) {
            c.setAutoCommit(false);
            // REPEATABLE READ: a compaction committing meanwhile cannot change what this transaction sees,
            // so the difference is exactly the rows its own updates added.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long before = deltaRows(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE findings SET occurrence_count = occurrence_count + 1, "
                    + "last_seen_at = now(), details = '{\"n\":1}' WHERE id = ?")) {
                ps.setInt(1, (int) id);
                for (int i = 0; i < 50; i++) {
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            assertThat(deltaRows(c)).as("storm updates").isEqualTo(before);
            try (PreparedStatement ps = c.prepareStatement("UPDATE findings SET severity = 'error' WHERE id = ?")) {
                ps.setInt(1, (int) id);
                ps.executeUpdate();
            }
            assertThat(deltaRows(c)).as("a severity change: -1 warning, +1 error").isEqualTo(before + 2);
            c.rollback();
        }
    }

    private static long deltaRows(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM finding_count_deltas")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void listTotalIsCappedUnlessExactIsAsked() {
        long device = TestFleet.newDevice();
        String type = "tot_" + UUID.randomUUID().toString().substring(0, 8);
        TestFleet.execute("INSERT INTO findings (agent_id, device_id, finding_type, severity, fingerprint) "
                + "SELECT ?, ?, ?, 'info', ? || g FROM generate_series(1, 1005) g", TestFleet.agent(), device, type,
                type + ":");
        given().queryParam("finding_type", type).queryParam("size", 5).when().get("/api/v1/findings").then()
                .statusCode(200).body("total", is(1000)).body("total_exact", is(false)).body("items.size()", is(5));
        given().queryParam("finding_type", type).queryParam("total", "exact").when().get("/api/v1/findings").then()
                .statusCode(200).body("total", is(1005)).body("total_exact", is(true));
        given().queryParam("finding_type", type).queryParam("device_id", device).queryParam("severity", "warning")
                .when().get("/api/v1/findings").then().statusCode(200).body("total", is(0)).body("total_exact", is(true));
        given().queryParam("finding_type", type).queryParam("total", "none").when().get("/api/v1/findings").then()
                .statusCode(200).body("total", nullValue()).body("total_exact", nullValue()).body("items.size()", is(50));
        given().queryParam("total", "some").when().get("/api/v1/findings").then().statusCode(400)
                .body("errors[0].field", is("total"));
    }
}
