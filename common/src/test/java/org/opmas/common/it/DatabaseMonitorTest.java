package org.opmas.common.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseMonitorTest {

    private static final String CHECK = "checks.find { it.name == 'OPMAS database pool' }";

    @Inject
    Pool pool;

    @Test
    void publishesTableSizesIndexUsageDatabaseSizeAndConnections() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(gauge(metrics, "opmas_db_table_size_bytes\\{table=\"devices\"\\}")).isPositive();
            // The partitioned parent reports the sum of its partitions (each has at least its indexes).
            assertThat(gauge(metrics, "opmas_db_table_size_bytes\\{table=\"findings\"\\}")).isPositive();
            assertThat(gauge(metrics, "opmas_db_index_size_bytes\\{index=\"pk_devices\",table=\"devices\"\\}")).isPositive();
            assertThat(metrics).contains("opmas_db_index_scans{index=\"uq_devices_hostname\",table=\"devices\"}");
            assertThat(gauge(metrics, "opmas_db_database_size_bytes")).isGreaterThan(1_000_000);
            assertThat(gauge(metrics, "opmas_db_connections\\{state=\"active\"\\}")).isPositive();
        });
    }

    @Test
    void readinessIsDownWhileThePoolIsExhaustedAndUpAgainAfter() {
        given().get("/q/health/ready").then().statusCode(200).body(CHECK + ".status", is("UP"));

        List<SqlConnection> held = new ArrayList<>();
        try {
            // max-size is 8 in this test app: hold every connection.
            for (int i = 0; i < 8; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(10)));
            }
            given().get("/q/health/ready").then().statusCode(503)
                    .body(CHECK + ".status", is("DOWN"))
                    .body(CHECK + ".data.reason", org.hamcrest.Matchers.containsString("pool exhausted"));
        } finally {
            held.forEach(connection -> connection.close().await().indefinitely());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(CHECK + ".status", is("UP")));
    }

    private static double gauge(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
