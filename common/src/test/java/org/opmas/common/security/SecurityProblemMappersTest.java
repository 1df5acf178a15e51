package org.opmas.common.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.security.RoleMatrix;
import org.opmas.devkit.security.RoleMatrix.Endpoint;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The shared auth machinery: baseline table, 401/403 as problem+json, the acting subject from the token. */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SecurityProblemMappersTest {

    static final String THINGS = "/api/v1/test-security/things";
    final DevTokens tokens = DevTokens.forTests();

    @TestHTTPResource("/")
    URI baseUrl;

    @Test
    void baselineReadIsViewerWritesAreAdminAndTheOperatorExceptionWins() {
        List<Endpoint> table = List.of(
                Endpoint.of("GET", THINGS, Roles.VIEWER),
                Endpoint.of("POST", THINGS, Roles.ADMIN),
                Endpoint.of("DELETE", THINGS + "/{id}", Roles.ADMIN),
                Endpoint.of("POST", THINGS + "/{id}/approve", Roles.OPERATOR));

        assertThat(new RoleMatrix(baseUrl, tokens).violations(table)).isEmpty();
    }

    @Test
    void missingTokenIsA401ProblemWithABearerChallenge() {
        given().get(THINGS).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"opmas\"")
                .body("type", is(SecurityProblemMappers.UNAUTHORIZED_TYPE))
                .body("title", is("Unauthorized"))
                .body("status", is(401))
                .body("detail", startsWith("This endpoint requires a bearer token"))
                .body("instance", is(THINGS));
    }

    @Test
    void expiredTokenIsA401ThatSaysTheTokenIsInvalid() {
        String expired = tokens.mint("late", Set.of(Roles.ADMIN), Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        given().header("Authorization", DevTokens.bearer(expired)).get(THINGS).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"opmas\", error=\"invalid_token\"")
                .body("detail", startsWith("The bearer token is invalid"));
    }

    @Test
    void tooLittleRoleIsA403Problem() {
        given().header("Authorization", DevTokens.bearer(tokens.mint("val", Set.of(Roles.VIEWER), Duration.ofMinutes(5))))
                .post(THINGS).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", is("urn:opmas:problem:forbidden"))
                .body("status", is(403))
                .body("instance", is(THINGS));
    }

    @Test
    void theActingSubjectIsTheTokensSubject() {
        given().header("Authorization", DevTokens.bearer(tokens.mint("kim@noc", Set.of(Roles.OPERATOR), Duration.ofMinutes(5))))
                .post(THINGS + "/7/approve").then().statusCode(200).body(is("kim@noc"));
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
