package org.opmas.devkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The demo's client for the running services' REST APIs. Every request goes through
 * {@link #send}, the one place that adds {@code Authorization: Bearer <token>}.
 */
final class OpmasApi {

    /** A non-2xx answer: the status and the problem+json body, so the demo can print the reason. */
    static final class ApiException extends RuntimeException {
        private final int status;

        ApiException(String method, String url, int status, String body) {
            super(method + " " + url + " → " + status + ": " + body);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Supplier<String> bearerToken;

    OpmasApi(Supplier<String> bearerToken) {
        this.bearerToken = bearerToken;
    }

    JsonNode get(String url) {
        return send("GET", url, null);
    }

    JsonNode post(String url, Object body) {
        return send("POST", url, body);
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String url, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(15))
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + bearerToken.get());
            if (body == null) {
                request.method(method, method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
            } else {
                request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            if (!method.equals("GET")) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ApiException(method, url, response.statusCode(), response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + url, e);
        }
    }
}
