package org.opmas.devkit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.security.RoleMatrix.Endpoint;

class RoleMatrixTest {

    @Test
    void parametersAreReplacedByAnUnknownIdIncludingRegexParameters() {
        assertThat(Endpoint.of("POST", "/api/v1/findings/{id: [0-9]+}/{transition}", "operator").path())
                .isEqualTo("/api/v1/findings/987654321/987654321");
        assertThat(Endpoint.of("GET", "/api/v1/devices", "viewer").at("/api/v1/devices?page=1").path())
                .isEqualTo("/api/v1/devices?page=1");
    }

    @Test
    void eachRoleIncludesTheOnesBelowAndIngestIsSeparate() {
        assertThat(RoleMatrix.allowedRoles("viewer")).containsExactly("viewer", "operator", "admin");
        assertThat(RoleMatrix.allowedRoles("operator")).containsExactly("operator", "admin");
        assertThat(RoleMatrix.allowedRoles("admin")).containsExactly("admin");
        assertThat(RoleMatrix.allowedRoles("ingest")).containsExactly("ingest", "admin");
        assertThatThrownBy(() -> RoleMatrix.allowedRoles("root")).hasMessageContaining("unknown role");
    }

    @Test
    void uncoveredNamesPublishedOperationsMissingFromTheTableAndStaleRows() {
        Map<String, Map<String, Object>> paths = Map.of(
                "/api/v1/devices", Map.of("get", Map.of(), "post", Map.of(), "parameters", List.of()),
                "/api/v1/devices/{id}", Map.of("delete", Map.of()),
                "/q/health", Map.of("get", Map.of()));
        List<Endpoint> table = List.of(
                Endpoint.of("GET", "/api/v1/devices", "viewer"),
                Endpoint.of("DELETE", "/api/v1/devices/{id: [0-9]+}", "admin"),
                Endpoint.of("PUT", "/api/v1/devices/{id}", "admin"));

        assertThat(RoleMatrix.uncovered(paths, table)).containsExactly(
                "not in the role table: POST /api/v1/devices",
                "in the role table but not published: PUT /api/v1/devices/{id}");
    }
}
