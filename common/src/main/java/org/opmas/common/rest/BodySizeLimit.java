package org.opmas.common.rest;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request whose declared {@code Content-Length} exceeds
 * {@code quarkus.http.limits.max-body-size} with a 413 problem+json, before a byte of the body is
 * read. Quarkus enforces the same limit right after this route (and on chunked bodies, which
 * declare no length, while reading them), but with an empty 413 a client cannot tell from the
 * other errors.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Just ahead of Quarkus' own upload-limit route ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}). */
    static final int ORDER = -3;

    private final MemorySize maxBodySize;
    private final ObjectMapper mapper;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
            MemorySize maxBodySize, ObjectMapper mapper) {
        this.maxBodySize = maxBodySize;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(ORDER).handler(context -> check(context, limit));
    }

    private void check(RoutingContext context, long limit) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1; // Vert.x rejects a malformed Content-Length itself
        }
        if (length <= limit) {
            context.next();
            return;
        }
        String detail = "Request body of " + length + " bytes exceeds the limit of " + limit + " bytes";
        Problem problem = new Problem(ProblemTypes.PAYLOAD_TOO_LARGE, "Content too large", 413, detail,
                context.request().path(), List.of(), null);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + ProblemTypes.PAYLOAD_TOO_LARGE + "\",\"status\":413}";
        }
        // The client may still be sending the body; closing afterwards frees the connection at once.
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
