package org.opmas.common.security;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.opmas.common.rest.Problem;
import org.opmas.common.rest.ProblemTypes;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import org.opmas.common.tenant.TenantForbiddenException;

/**
 * 401 and 403 as {@code application/problem+json}. Authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}) and the permission table applies to Quarkus REST
 * ({@code applies-to=JAXRS}), so every security failure of an {@code /api/v1} endpoint surfaces here
 * as an exception instead of an empty response written by the HTTP layer. These replace Quarkus' own
 * mappers for the same types (which would write no body), so the Bearer challenge is added here.
 */
public class SecurityProblemMappers {

    public static final String UNAUTHORIZED_TYPE = "urn:opmas:problem:unauthorized";
    /** RFC 6750: what a client without a valid token has to present. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"opmas\"";

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class}, priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        boolean tokenPresented = e instanceof AuthenticationFailedException || e instanceof AuthenticationCompletionException;
        if (tokenPresented) {
            // The reason (expired, wrong issuer, bad signature) is logged, not returned: it helps an attacker more than a client.
            Log.debugf("Rejected a bearer token on %s: %s", uri.getPath(), e.getMessage());
        }
        String detail = tokenPresented
                ? "The bearer token is invalid, expired or not issued by the configured issuer"
                : "This endpoint requires a bearer token (Authorization: Bearer <token>)";
        return Response.status(401)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented
                        ? BEARER_CHALLENGE + ", error=\"invalid_token\""
                        : BEARER_CHALLENGE)
                .entity(new Problem(UNAUTHORIZED_TYPE, "Unauthorized", 401, detail, uri.getPath(), List.of(), null))
                .build();
    }

    @ServerExceptionMapper(value = ForbiddenException.class, priority = jakarta.ws.rs.Priorities.AUTHORIZATION)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Response.status(403)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403,
                        e instanceof TenantForbiddenException ? e.getMessage() : "The token's roles do not allow this request",
                        uri.getPath(), List.of(), null))
                .build();
    }
}
