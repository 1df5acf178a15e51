package org.opmas.executor.security;

import static org.assertj.core.api.Assertions.assertThat;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.security.RoleMatrix;
import org.opmas.devkit.security.RoleMatrix.Endpoint;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every /api/v1 endpoint of action-executor with real tokens: 401 problem+json without a valid token
 * (none, expired, foreign issuer, unknown key, malformed), 403 problem+json below its role, through
 * security at or above it; and the table must list exactly the operations the OpenAPI document publishes.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiRoleMatrixTest {

    static final String VIEWER = DevTokens.VIEWER;
    static final String OPERATOR = DevTokens.OPERATOR;
    static final String ADMIN = DevTokens.ADMIN;
    static final String INGEST = DevTokens.INGEST;

    static final List<Endpoint> TABLE = RoleMatrix.tableOf(
            Endpoint.of("GET", "/api/v1/executions", VIEWER),
            Endpoint.of("GET", "/api/v1/executions/{id}", VIEWER),
            Endpoint.of("POST", "/api/v1/executions/{id}/cancel", OPERATOR),
            Endpoint.of("GET", "/api/v1/executor", VIEWER),
            // pause before resume: the kill switch ends where it started (the finally block makes sure).
            Endpoint.of("POST", "/api/v1/executor/pause", ADMIN),
            Endpoint.of("POST", "/api/v1/executor/resume", ADMIN));

    @TestHTTPResource("/")
    URI baseUrl;

    @Test
    void everyEndpointEnforcesItsRole() {
        List<String> violations;
        try {
            violations = new RoleMatrix(baseUrl, DevTokens.forTests()).violations(TABLE);
        } finally {
            given().header("Authorization", DevTokens.bearer(DevTokens.forTests().mint("matrix-cleanup",
                    java.util.Set.of(ADMIN), java.time.Duration.ofMinutes(1))))
                    .post("/api/v1/executor/resume").then().statusCode(200);
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theTableCoversEveryPublishedEndpoint() {
        assertThat(new RoleMatrix(baseUrl, DevTokens.forTests()).uncoveredByOpenApi(TABLE)).isEmpty();
    }
}
