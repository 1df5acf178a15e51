package org.opmas.devkit.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A table-driven check of a service's role boundaries with real tokens ({@link DevTokens#forTests()}):
 * for every endpoint, no token, an expired token, a token of another issuer and a token signed with an
 * unknown key are each answered 401 problem+json with a Bearer challenge; every role below the
 * endpoint's minimum is answered 403 problem+json; the minimum role and every role above it get past
 * security (any status but 401/403 — an unknown id's 404 or an empty body's 400 is fine).
 *
 * <p>{@link #uncovered} compares the table with the operations a service publishes in its OpenAPI
 * document, so an endpoint added without a row fails the test instead of going unchecked.
 */
public final class RoleMatrix {

    /** The interactive roles, lowest first; each includes the ones before it. */
    public static final List<String> HIERARCHY = List.of(DevTokens.VIEWER, DevTokens.OPERATOR, DevTokens.ADMIN);
    /** Stands in for every path parameter: an id no test creates. */
    public static final String UNKNOWN_ID = "987654321";

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/:]+)(?::[^}]*)?}");

    /**
     * One operation: its method, its path as OpenAPI writes it ({@code /api/v1/devices/{id}}), the
     * lowest role allowed, the path actually requested and the JSON body sent.
     */
    public record Endpoint(String method, String template, String minimumRole, String path, String body) {

        public Endpoint {
            Objects.requireNonNull(method);
            Objects.requireNonNull(template);
            Objects.requireNonNull(minimumRole);
            Objects.requireNonNull(path);
        }

        /** {@code template} requested with every parameter replaced by {@link #UNKNOWN_ID}, an empty JSON object as body. */
        public static Endpoint of(String method, String template, String minimumRole) {
            return new Endpoint(method, template, minimumRole, PARAMETER.matcher(template).replaceAll(UNKNOWN_ID),
                    "{}");
        }

        /** The same operation requested at another concrete path (e.g. a valid enumerated segment). */
        public Endpoint at(String concretePath) {
            return new Endpoint(method, template, minimumRole, concretePath, body);
        }

        /** The same operation with another request body. */
        public Endpoint withBody(String json) {
            return new Endpoint(method, template, minimumRole, path, json);
        }

        String operation() {
            return method + " " + template;
        }
    }

    /** What opmas-common adds to every service's API (the settings of org.opmas.common.settings). */
    public static final List<Endpoint> COMMON_ENDPOINTS = List.of(
            Endpoint.of("GET", "/api/v1/settings", DevTokens.VIEWER),
            Endpoint.of("GET", "/api/v1/settings/{key}", DevTokens.VIEWER),
            Endpoint.of("PUT", "/api/v1/settings/{key}", DevTokens.ADMIN).withBody("{\"value\": 1}"),
            Endpoint.of("DELETE", "/api/v1/settings/{key}", DevTokens.ADMIN));

    /** A service's table: its own endpoints followed by {@link #COMMON_ENDPOINTS}. */
    public static List<Endpoint> tableOf(Endpoint... own) {
        List<Endpoint> table = new ArrayList<>(List.of(own));
        table.addAll(COMMON_ENDPOINTS);
        return List.copyOf(table);
    }

    private final URI baseUrl;
    private final DevTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RoleMatrix(URI baseUrl, DevTokens tokens) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
    }

    /** Every failed expectation, one line each ("POST /api/v1/x as viewer: expected 403, got 200"); empty when all hold. */
    public List<String> violations(List<Endpoint> table) {
        List<String> violations = new ArrayList<>();
        Map<String, String> badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.put("an expired token", tokens.mint("matrix-expired", Set.of(DevTokens.ADMIN),
                Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1)));
        badTokens.put("another issuer's token", tokens.withIssuer("https://attacker.example/realms/opmas")
                .mint("matrix-issuer", Set.of(DevTokens.ADMIN), Duration.ofMinutes(10)));
        badTokens.put("a token signed with an unknown key", DevTokens.untrusted()
                .mint("matrix-forged", Set.of(DevTokens.ADMIN), Duration.ofMinutes(10)));
        badTokens.put("a malformed token", "not-a-jwt");

        for (Endpoint endpoint : table) {
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                HttpResponse<String> response = send(endpoint, bad.getValue());
                expectProblem(violations, endpoint, "with " + bad.getKey(), response, 401);
                if (response.statusCode() == 401 && response.headers().firstValue("WWW-Authenticate")
                        .filter(v -> v.startsWith("Bearer")).isEmpty()) {
                    violations.add(endpoint.operation() + " with " + bad.getKey() + ": no WWW-Authenticate: Bearer challenge");
                }
            }
            List<String> allowed = allowedRoles(endpoint.minimumRole());
            for (String role : roles()) {
                HttpResponse<String> response = send(endpoint, tokens.mint("matrix-" + role, Set.of(role), Duration.ofMinutes(10)));
                if (allowed.contains(role)) {
                    if (response.statusCode() == 401 || response.statusCode() == 403) {
                        violations.add(endpoint.operation() + " as " + role + ": expected to pass security, got "
                                + response.statusCode() + " " + response.body());
                    }
                } else {
                    expectProblem(violations, endpoint, "as " + role, response, 403);
                }
            }
        }
        return violations;
    }

    /**
     * Operations ({@code "POST /api/v1/devices"}) under {@code /api/v1} that the service's OpenAPI
     * document publishes and the table lacks, and rows the document does not know; empty when the
     * table is complete. {@code openApiPaths} is the document's {@code paths} object as any JSON
     * library reads it (e.g. RestAssured: {@code get("/q/openapi?format=json").jsonPath().getMap("paths")}).
     */
    public static List<String> uncovered(Map<String, ? extends Map<String, ?>> openApiPaths, List<Endpoint> table) {
        Set<String> published = new TreeSet<>();
        openApiPaths.forEach((path, operations) -> {
            if (path.startsWith("/api/v1")) {
                operations.keySet().stream().filter(HTTP_METHODS::contains)
                        .forEach(method -> published.add(method.toUpperCase(Locale.ROOT) + " " + path));
            }
        });
        Set<String> listed = new TreeSet<>();
        table.forEach(e -> listed.add(e.method() + " " + PARAMETER.matcher(e.template()).replaceAll("{$1}")));
        List<String> differences = new ArrayList<>();
        for (String operation : published) {
            if (!listed.contains(operation)) {
                differences.add("not in the role table: " + operation);
            }
        }
        for (String operation : listed) {
            if (!published.contains(operation)) {
                differences.add("in the role table but not published: " + operation);
            }
        }
        return differences;
    }

    /** {@link #uncovered} against the OpenAPI document the service at the base URL publishes ({@code /q/openapi}). */
    @SuppressWarnings("unchecked")
    public List<String> uncoveredByOpenApi(List<Endpoint> table) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve("/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of("GET /q/openapi answered " + response.statusCode());
            }
            Map<String, Object> document = new ObjectMapper().readValue(response.body(), Map.class);
            return uncovered((Map<String, ? extends Map<String, ?>>) document.getOrDefault("paths", Map.of()), table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document of " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> roles() {
        List<String> roles = new ArrayList<>(HIERARCHY);
        roles.add(DevTokens.INGEST);
        return roles;
    }

    /** Who passes an endpoint whose minimum is {@code minimum}: it and every role above it. */
    static List<String> allowedRoles(String minimum) {
        if (DevTokens.INGEST.equals(minimum)) {
            return List.of(DevTokens.INGEST, DevTokens.ADMIN);
        }
        int index = HIERARCHY.indexOf(minimum);
        if (index < 0) {
            throw new IllegalArgumentException("unknown role " + minimum);
        }
        return HIERARCHY.subList(index, HIERARCHY.size());
    }

    private static void expectProblem(List<String> violations, Endpoint endpoint, String as,
            HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            violations.add(endpoint.operation() + " " + as + ": expected " + status + ", got "
                    + response.statusCode() + " " + response.body());
            return;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json") || !response.body().contains("\"status\":" + status)
                || !response.body().contains("\"title\"") || !response.body().contains("\"type\"")) {
            violations.add(endpoint.operation() + " " + as + ": expected a problem+json body, got " + type + " "
                    + response.body());
        }
    }

    private HttpResponse<String> send(Endpoint endpoint, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(endpoint.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", DevTokens.bearer(token));
        }
        HttpRequest.BodyPublisher body = endpoint.body() == null || Set.of("GET", "HEAD", "DELETE").contains(endpoint.method())
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(endpoint.body());
        try {
            return http.send(request.method(endpoint.method(), body).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(endpoint.operation() + ": request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
