package org.opmas.device.security;

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
 * Every /api/v1 endpoint of device-service with real tokens: 401 problem+json without a valid token
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
            Endpoint.of("GET", "/api/v1/devices", VIEWER),
            Endpoint.of("POST", "/api/v1/devices", ADMIN),
            Endpoint.of("GET", "/api/v1/devices/{id}", VIEWER),
            Endpoint.of("PUT", "/api/v1/devices/{id}", ADMIN),
            Endpoint.of("PATCH", "/api/v1/devices/{id}", ADMIN),
            Endpoint.of("DELETE", "/api/v1/devices/{id}", ADMIN),
            Endpoint.of("GET", "/api/v1/devices/{deviceId}/keys", VIEWER),
            Endpoint.of("POST", "/api/v1/devices/{deviceId}/keys", ADMIN),
            Endpoint.of("POST", "/api/v1/devices/{deviceId}/keys/generate", ADMIN),
            Endpoint.of("POST", "/api/v1/devices/{deviceId}/keys/rotate", ADMIN),
            Endpoint.of("GET", "/api/v1/devices/{deviceId}/keys/{keyId}", VIEWER),
            Endpoint.of("DELETE", "/api/v1/devices/{deviceId}/keys/{keyId}", ADMIN),
            Endpoint.of("POST", "/api/v1/devices/{deviceId}/keys/{keyId}/activate", ADMIN),
            Endpoint.of("POST", "/api/v1/devices/{deviceId}/keys/{keyId}/deactivate", ADMIN),
            // Idempotent: keys already sealed under the active master key are skipped.
            Endpoint.of("POST", "/api/v1/keys/reencrypt", ADMIN),
            // Idempotent: re-seals only keys not yet under the active master key.
            Endpoint.of("POST", "/api/v1/keys/reencrypt", ADMIN),
            // An empty batch: nothing is ingested, whoever gets through.
            Endpoint.of("POST", "/api/v1/ingest/logs", INGEST).withBody("[]"));

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
