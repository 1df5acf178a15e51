package org.opmas.common.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ProblemMappingTest {

    static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void beanValidationNamesJsonFields() {
        given().contentType(ContentType.JSON)
                .body("{\"hostname\": \" \", \"ip_address\": \"x\", \"config\": {\"ssh_port\": 70000}}")
                .post("/test/problems/devices")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("status", is(400))
                .body("type", is("urn:opmas:problem:validation"))
                .body("instance", is("/test/problems/devices"))
                .body("errors.field", hasItems("hostname", "ip_address", "config.ssh_port"))
                .body("errors.find { it.field == 'ip_address' }.message", is("must be an IPv4 address"))
                .body("error_id", nullValue());
    }

    @Test
    void wrongJsonTypeNamesThePath() {
        given().contentType(ContentType.JSON)
                .body("{\"hostname\": \"r1\", \"config\": {\"ssh_port\": \"twenty-two\"}}")
                .post("/test/problems/devices")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", is("config.ssh_port"))
                .body("errors[0].message", containsString("expected an integer"));
    }

    @Test
    void unknownFieldIsRejectedNamingItsPath() {
        given().contentType(ContentType.JSON)
                .body("{\"hostname\": \"r1\", \"config\": {\"ssh_port\": 22, \"ssh_prot\": 2222}}")
                .post("/test/problems/devices")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", is("urn:opmas:problem:validation"))
                .body("errors[0].field", is("config.ssh_prot"))
                .body("errors[0].message", is("unknown field"));
    }

    @Test
    void tooLongJsonNumberIsRejectedByTheServiceMapper() {
        // Nesting depth is proven in StrictJsonCustomizerTest: this DTO has no field that takes nested arrays.
        given().contentType(ContentType.JSON)
                .body("{\"config\": {\"ssh_port\": " + "1".repeat(101) + "}}")
                .post("/test/problems/devices")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", is("urn:opmas:problem:input-limit"))
                .body("errors[0].field", startsWith("config"))
                .body("errors[0].message", containsString("number value length"));
    }

    @Test
    void bodyOverTheSizeLimitIsA413Problem() {
        String huge = "{\"hostname\": \"" + "a".repeat(1024 * 1024 + 1) + "\"}";
        given().contentType(ContentType.JSON)
                .body(huge)
                .post("/test/problems/devices")
                .then().statusCode(413).contentType(PROBLEM_JSON)
                .body("type", is("urn:opmas:problem:payload-too-large"))
                .body("status", is(413))
                .body("detail", containsString("exceeds the limit of 1048576 bytes"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().contentType(ContentType.JSON)
                .body("{\"hostname\": \"r1\", ")
                .post("/test/problems/devices")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", is("urn:opmas:problem:malformed-json"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void pagingAndSortAreValidated() {
        given().get("/test/problems/devices?size=501").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors[0].field", is("size"));
        given().get("/test/problems/devices?sort=password,asc").then().statusCode(400)
                .body("errors[0].field", is("sort"));
        given().get("/test/problems/devices?page=2&size=10&sort=created_at,desc").then().statusCode(200)
                .body("items[0]", is("created_at,desc")).body("page", is(2)).body("size", is(10))
                .body("total", is(1));
    }

    @Test
    void problemExceptionsAndUnknownPaths() {
        given().get("/test/problems/devices/42").then().statusCode(404).contentType(PROBLEM_JSON)
                .body("detail", is("Device 42 does not exist"));
        given().get("/test/problems/nowhere").then().statusCode(404).contentType(PROBLEM_JSON);
        given().contentType(ContentType.JSON).delete("/test/problems/devices").then().statusCode(405)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void unexpectedErrorsHideTheirDetailsButCarryAnErrorId() {
        given().get("/test/problems/boom").then().statusCode(500).contentType(PROBLEM_JSON)
                .body("title", is("Internal error"))
                .body("error_id", matchesPattern("[0-9a-f-]{36}"))
                .body(not(containsString("internal detail")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void databaseErrorsFromHibernateReactive() {
        given().post("/test/problems/duplicate").then().log().ifValidationFails().statusCode(409).contentType(PROBLEM_JSON)
                .body("errors[0].field", is("event_id"))
                .body("detail", containsString("uq_device_outbox_event_id"));
        given().post("/test/problems/bad-inet").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", containsString("inet"))
                .body("error_id", nullValue())
                .body("status", notNullValue());
    }
}
