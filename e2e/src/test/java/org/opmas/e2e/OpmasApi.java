package org.opmas.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The suite's client for the running services' REST APIs, as an operator's tooling would call them.
 * Every request is built by {@link #request(String)}, the one place that adds
 * {@code Authorization: Bearer <token>} (an admin token of the stack's installation).
 */
final class OpmasApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpmasApi() {
    }

    /** A request to one service, authenticated as the suite's admin. */
    static RequestSpecification request(String service) {
        return given().baseUri(E2eStack.baseUrl(service))
                .header("Authorization", "Bearer " + E2eStack.adminToken())
                .accept(ContentType.JSON);
    }

    /** GET with query parameters; fails the test on anything but 200. */
    static JsonNode get(String service, String path, Map<String, ?> query) {
        Response response = request(service).queryParams(query).get(path);
        return ok(response, "GET " + service + path + " " + query);
    }

    static JsonNode get(String service, String path) {
        return get(service, path, Map.of());
    }

    /** POST a JSON body; fails the test on anything but 2xx. */
    static JsonNode post(String service, String path, Object body) {
        return ok(postForResponse(service, path, body), "POST " + service + path);
    }

    /** POST a JSON body and return the answer whatever its status (to assert refusals). */
    static Response postForResponse(String service, String path, Object body) {
        return request(service).contentType(ContentType.JSON).body(body).post(path);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode ok(Response response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": " + response.asString());
        }
        String body = response.asString();
        return body.isBlank() ? JSON.nullNode() : parse(body);
    }
}
