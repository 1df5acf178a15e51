package org.opmas.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged services start together against the real infrastructure and report ready. */
class StackReadinessIT {

    @ParameterizedTest
    @ValueSource(strings = {"device-service", "agent-service", "finding-service", "playbook-service", "action-executor"})
    void everyServiceIsReadyAndServesItsOpenApi(String service) {
        String base = E2eStack.baseUrl(service);
        given().baseUri(base).get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().baseUri(base).get("/q/openapi?format=json").then().statusCode(200)
                .body("info.title", is("OPMAS " + service));
    }
}
