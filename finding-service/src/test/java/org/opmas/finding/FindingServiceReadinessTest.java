package org.opmas.finding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class FindingServiceReadinessTest {

    @Test
    void readyWithDatabaseAndKafkaUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status", is("UP"))
                .body("checks.find { it.name == 'Kafka connection health check' }.status", is("UP"));
    }

    @Test
    void servesOpenApiAndMetrics() {
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("info.title", is("OPMAS finding-service"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200).body("checks.status", org.hamcrest.Matchers.everyItem(is("UP")));
    }
}
