package org.opmas.bench.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Every HTTP call of the harness goes through {@link #request}: it adds the bearer token. */
public final class BenchHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String bearerToken;

    public BenchHttp(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    public HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    public String get(String url) {
        return expect(send(request(url).GET().build()), 200);
    }

    public JsonNode getJson(String url) {
        return parse(get(url));
    }

    /** POSTs JSON and returns the parsed answer; any status outside {@code expected} is an error naming the body. */
    public JsonNode postJson(String url, Object body, int... expected) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpResponse<String> response = send(request(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
            return parse(expect(response, expected.length == 0 ? new int[] {200, 201, 202} : expected));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                + " → " + response.statusCode() + ": " + response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
