package org.opmas.finding.security;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Every /api/v1 endpoint of finding-service with real tokens: 401 problem+json without a valid token
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
            Endpoint.of("GET", "/api/v1/findings", VIEWER),
            Endpoint.of("GET", "/api/v1/findings/{id}", VIEWER),
            Endpoint.of("GET", "/api/v1/findings/stats", VIEWER),
            Endpoint.of("GET", "/api/v1/findings/{id}/transitions", VIEWER),
            Endpoint.of("POST", "/api/v1/findings/{id}/{transition}", OPERATOR).at("/api/v1/findings/987654321/acknowledge"),
            Endpoint.of("POST", "/api/v1/findings/{id}/{transition}", OPERATOR).at("/api/v1/findings/987654321/resolve"),
            Endpoint.of("POST", "/api/v1/findings/{id}/{transition}", OPERATOR).at("/api/v1/findings/987654321/false-positive"),
            Endpoint.of("POST", "/api/v1/findings/{id}/{transition}", OPERATOR).at("/api/v1/findings/987654321/reopen"),
            Endpoint.of("POST", "/api/v1/findings/maintenance/run", ADMIN));

    @TestHTTPResource("/")
    URI baseUrl;

    @Test
    void everyEndpointEnforcesItsRole() {
        assertThat(new RoleMatrix(baseUrl, DevTokens.forTests()).violations(TABLE)).isEmpty();
    }

    @Test
    void theTableCoversEveryPublishedEndpoint() {
        assertThat(new RoleMatrix(baseUrl, DevTokens.forTests()).uncoveredByOpenApi(TABLE)).isEmpty();
    }
}
