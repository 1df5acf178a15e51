package org.opmas.playbook.security;

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
 * Every /api/v1 endpoint of playbook-service with real tokens: 401 problem+json without a valid token
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
            Endpoint.of("GET", "/api/v1/playbooks", VIEWER),
            Endpoint.of("POST", "/api/v1/playbooks", ADMIN),
            Endpoint.of("GET", "/api/v1/playbooks/{id}", VIEWER),
            Endpoint.of("PUT", "/api/v1/playbooks/{id}", ADMIN),
            Endpoint.of("DELETE", "/api/v1/playbooks/{id}", ADMIN),
            Endpoint.of("POST", "/api/v1/playbooks/{id}/runs", OPERATOR),
            Endpoint.of("GET", "/api/v1/playbooks/{id}/steps", VIEWER),
            Endpoint.of("POST", "/api/v1/playbooks/{id}/steps", ADMIN),
            Endpoint.of("PUT", "/api/v1/playbooks/{id}/steps/order", ADMIN),
            Endpoint.of("GET", "/api/v1/playbooks/{id}/steps/{stepId}", VIEWER),
            Endpoint.of("PUT", "/api/v1/playbooks/{id}/steps/{stepId}", ADMIN),
            Endpoint.of("DELETE", "/api/v1/playbooks/{id}/steps/{stepId}", ADMIN),
            Endpoint.of("GET", "/api/v1/intended-actions", VIEWER),
            Endpoint.of("GET", "/api/v1/intended-actions/{id}", VIEWER),
            Endpoint.of("POST", "/api/v1/intended-actions/{id}/approve", OPERATOR),
            Endpoint.of("POST", "/api/v1/intended-actions/{id}/reject", OPERATOR),
            Endpoint.of("POST", "/api/v1/intended-actions/{id}/cancel", OPERATOR),
            Endpoint.of("GET", "/api/v1/runs", VIEWER),
            Endpoint.of("GET", "/api/v1/runs/{runId}", VIEWER).at("/api/v1/runs/00000000-0000-0000-0000-000000000000"));

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
