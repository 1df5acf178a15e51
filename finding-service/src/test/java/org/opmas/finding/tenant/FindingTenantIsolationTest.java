package org.opmas.finding.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.finding.support.TestFleet;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Tenant isolation through finding-service's API with real tokens (issue #10): devices of tenants a and
 * b, their findings (through Kafka and inserted as the database admin), and what each tenant's token —
 * and an all-tenants token — can see and change. Row-level security does the filtering; these tests
 * prove every API path runs inside the caller's tenant transaction.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class FindingTenantIsolationTest {

    private static final String TENANT_A = "a";
    private static final String TENANT_B = "b";

    private static RequestSpecification as(String tenant) {
        String token = DevTokens.forTests().mintForTenant("admin@" + tenant, Set.of("admin"), tenant,
                Duration.ofMinutes(10));
        return given().header("Authorization", DevTokens.bearer(token));
    }

    /** A device of {@code tenant} (unique hostname and address), inserted as the admin; returns its id. */
    private static long device(String tenant) {
        String host = "rt-" + tenant + "-" + UUID.randomUUID().toString().substring(0, 12);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
        return TestFleet.insertId("INSERT INTO devices (hostname, ip_address, tenant_id) VALUES (?, ?::inet, ?) "
                + "RETURNING id", host, ip, tenant);
    }

    /** A finding of {@code device} inserted as the admin; the database gives it the device's tenant. */
    private static long finding(long device, String type, String description, String details) {
        return TestFleet.insertId("INSERT INTO findings (agent_id, device_id, finding_type, severity, description, "
                + "details, fingerprint) VALUES (?, ?, ?, 'warning', ?, ?::jsonb, ?) RETURNING id", TestFleet.agent(),
                device, type, description, details, type + ":" + UUID.randomUUID());
    }

    private static String stored(long finding) {
        return TestFleet.text("SELECT to_jsonb(f)::text FROM findings f WHERE id = ?", (int) finding);
    }

    private static List<Long> ids(JsonPath page) {
        return page.getList("items.id", Number.class).stream().map(Number::longValue).toList();
    }

    @Test
    void anotherTenantsFindingCanBeNeitherReadNorTransitioned() {
        long deviceA = device(TENANT_A);
        // Produced the normal way: a detection through Kafka, ingested by the (system-wide) consumer.
        String fp = "test:tenant:" + UUID.randomUUID();
        TestFleet.send(TestFleet.detection(deviceA, fp));
        TestFleet.flush();
        long findingA = TestFleet.awaitFinding(fp);
        assertThat(TestFleet.text("SELECT tenant_id FROM findings WHERE id = ?", (int) findingA)).isEqualTo(TENANT_A);
        String before = stored(findingA);
        long transitionsBefore = TestFleet.count("SELECT count(*) FROM finding_transitions WHERE finding_id = ?",
                (int) findingA);

        as(TENANT_B).when().get("/api/v1/findings/" + findingA).then().statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("detail", is("finding " + findingA + " does not exist"));
        as(TENANT_B).when().get("/api/v1/findings/" + findingA + "/transitions").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        for (String transition : List.of("acknowledge", "resolve", "false-positive", "reopen")) {
            as(TENANT_B).contentType(ContentType.JSON).body("{\"reason\":\"not yours\"}")
                    .when().post("/api/v1/findings/" + findingA + "/" + transition).then().statusCode(404)
                    .contentType(containsString("application/problem+json"))
                    .body("detail", is("finding " + findingA + " does not exist"));
        }
        // Nothing about the row changed, and no transition was recorded.
        assertThat(stored(findingA)).isEqualTo(before);
        assertThat(TestFleet.count("SELECT count(*) FROM finding_transitions WHERE finding_id = ?", (int) findingA))
                .isEqualTo(transitionsBefore);

        // Its own tenant and the all-tenants token see it, with its tenant.
        as(TENANT_A).when().get("/api/v1/findings/" + findingA).then().statusCode(200)
                .body("tenant_id", is(TENANT_A)).body("fingerprint", is(fp));
        as("*").when().get("/api/v1/findings/" + findingA).then().statusCode(200).body("tenant_id", is(TENANT_A));
        as(TENANT_A).contentType(ContentType.JSON).body("{\"reason\":\"mine\"}")
                .when().post("/api/v1/findings/" + findingA + "/acknowledge").then().statusCode(200)
                .body("status", is("acknowledged")).body("acknowledged_by", is("admin@a")).body("tenant_id", is(TENANT_A));
        as(TENANT_A).when().get("/api/v1/findings/" + findingA + "/transitions").then().statusCode(200)
                .body("transition", org.hamcrest.Matchers.hasItem("acknowledge"));
    }

    @Test
    void listsDeviceFiltersAndStatsShowOnlyTheCallersTenant() {
        long deviceA = device(TENANT_A);
        long deviceB = device(TENANT_B);
        String type = "tenant_" + UUID.randomUUID().toString().substring(0, 8);
        String word = "walrus" + UUID.randomUUID().toString().substring(0, 6);
        long a1 = finding(deviceA, type, "failed logins " + word, "{\"source_ip\":\"192.0.2.77\"}");
        long a2 = finding(deviceA, type, "oom " + word, "{\"source_ip\":\"192.0.2.78\"}");
        long b1 = finding(deviceB, type, "failed logins " + word, "{\"source_ip\":\"192.0.2.77\"}");

        // By type, by full text, by JSON path, by time range: b sees only b's row, a only a's, '*' both.
        Map<String, Object> byType = Map.of("finding_type", type);
        Map<String, Object> byText = Map.of("q", word);
        Map<String, Object> byDetails = Map.of("finding_type", type, "details.source_ip", "192.0.2.77");
        Map<String, Object> byTime = Map.of("finding_type", type, "created_after",
                Instant.now().minus(Duration.ofHours(1)).toString());
        for (Map<String, Object> filter : List.of(byType, byText, byDetails, byTime)) {
            JsonPath b = as(TENANT_B).queryParams(filter).when().get("/api/v1/findings").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(ids(b)).as("tenant b, %s", filter).containsExactly(b1);
            assertThat(b.getLong("total")).as("tenant b total, %s", filter).isEqualTo(1);
        }
        JsonPath a = as(TENANT_A).queryParams(byType).when().get("/api/v1/findings").then().statusCode(200)
                .extract().jsonPath();
        assertThat(ids(a)).containsExactlyInAnyOrder(a1, a2);
        assertThat(a.getList("items.tenant_id", String.class)).containsOnly(TENANT_A);
        JsonPath all = as("*").queryParams(byType).when().get("/api/v1/findings").then().statusCode(200)
                .extract().jsonPath();
        assertThat(ids(all)).containsExactlyInAnyOrder(a1, a2, b1);
        assertThat(all.getLong("total")).isEqualTo(3);

        // Naming another tenant's device finds nothing (not an error that would confirm it exists).
        as(TENANT_B).queryParam("device_id", deviceA).when().get("/api/v1/findings").then().statusCode(200)
                .body("total", is(0)).body("items.size()", is(0));
        as(TENANT_B).queryParam("device_id", deviceB).when().get("/api/v1/findings").then().statusCode(200)
                .body("total", is(1)).body("items[0].id", is((int) b1));
        // Cursor pages of b, followed to the end over this type, never reach a's rows.
        String cursor = null;
        List<Long> paged = new java.util.ArrayList<>();
        do {
            var request = as(TENANT_B).queryParam("finding_type", type).queryParam("size", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/findings").then().statusCode(200).extract().jsonPath();
            paged.addAll(ids(page));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertThat(paged).containsExactly(b1);

        // Stats per device: b's counts never include a's device; '*' counts both.
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant to = Instant.now().plus(Duration.ofHours(1));
        Map<String, Long> forB = deviceCounts(TENANT_B, from, to);
        assertThat(forB).doesNotContainKey(Long.toString(deviceA)).containsEntry(Long.toString(deviceB), 1L);
        assertThat(forB.keySet()).allSatisfy(device -> assertThat(TestFleet.text(
                "SELECT tenant_id FROM devices WHERE id = ?", Integer.parseInt(device))).isEqualTo(TENANT_B));
        Map<String, Long> forA = deviceCounts(TENANT_A, from, to);
        assertThat(forA).doesNotContainKey(Long.toString(deviceB)).containsEntry(Long.toString(deviceA), 2L);
        Map<String, Long> forAll = deviceCounts("*", from, to);
        assertThat(forAll).containsEntry(Long.toString(deviceA), 2L).containsEntry(Long.toString(deviceB), 1L);
    }

    /** Stats grouped by device, summed over the buckets of [from, to). */
    private static Map<String, Long> deviceCounts(String tenant, Instant from, Instant to) {
        JsonPath stats = as(tenant).queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("bucket", "hour").queryParam("group_by", "device_id")
                .when().get("/api/v1/findings/stats").then().statusCode(200).extract().jsonPath();
        Map<String, Long> sums = new HashMap<>();
        List<Map<String, Number>> buckets = stats.getList("buckets.counts");
        for (Map<String, Number> counts : buckets) {
            counts.forEach((device, n) -> sums.merge(device, n.longValue(), Long::sum));
        }
        assertThat(sums.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.getLong("total"));
        return sums;
    }

    @Test
    void maintenanceNeedsATokenForAllTenants() {
        as(TENANT_A).when().post("/api/v1/findings/maintenance/run").then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("limited to tenant 'a'"));
        as("*").when().post("/api/v1/findings/maintenance/run").then().statusCode(200)
                .body("retention_days", org.hamcrest.Matchers.notNullValue());
    }
}
