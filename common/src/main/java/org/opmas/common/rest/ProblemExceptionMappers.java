package org.opmas.common.rest;

import java.util.List;
import java.util.Optional;

import jakarta.validation.ValidationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.DatabaseException;

/**
 * The one place a service maps exceptions to {@code application/problem+json}. Quarkus REST picks
 * the mapper registered for the closest exception type, so each type Quarkus ships its own mapper
 * for (Jackson's MismatchedInputException, Hibernate Validator's ValidationException) is
 * registered here too, with a higher priority; everything else reaches the Throwable mapper. All
 * of them go through {@link ProblemFactory}, which searches the whole cause chain.
 *
 * <p>Security exceptions keep Quarkus' own mappers: they add the WWW-Authenticate challenge.
 */
public class ProblemExceptionMappers {

    /** Ahead of the built-in mappers, which use the default {@link Priorities#USER}. */
    static final int PRIORITY = Priorities.USER - 100;

    /** Headers of a WebApplicationException's response that still mean something on the problem. */
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE,
            HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION);

    private final ProblemFactory problems;
    private final ObjectMapper mapper;
    private final ConstraintColumns constraintColumns;

    public ProblemExceptionMappers(ObjectMapper mapper, ConstraintColumns constraintColumns) {
        this.mapper = mapper;
        this.constraintColumns = constraintColumns;
        this.problems = new ProblemFactory(mapper);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper(value = {ValidationException.class, jakarta.validation.ConstraintViolationException.class},
            priority = PRIORITY)
    public Response validation(ValidationException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper(value = {JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class,
            com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.JsonMappingException.class}, priority = PRIORITY)
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper(value = {jakarta.persistence.PersistenceException.class, DatabaseException.class},
            priority = PRIORITY)
    public Uni<Response> database(Exception e, UriInfo uri) {
        return respondNamingColumns(e, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        if (original != null && original.hasEntity()) {
            // The thrower built its own response on purpose; keep it.
            return original;
        }
        Response.ResponseBuilder response = builder(e, uri);
        if (original != null) {
            for (String header : KEPT_HEADERS) {
                List<Object> values = original.getHeaders().get(header);
                if (values != null) {
                    values.forEach(value -> response.header(header, value));
                }
            }
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Uni<Response> anything(Throwable e, UriInfo uri) {
        return respondNamingColumns(e, uri);
    }

    /** As {@link #respond}, first asking the catalog for the columns of a constraint the error names alone. */
    private Uni<Response> respondNamingColumns(Throwable e, UriInfo uri) {
        Optional<DatabaseErrors.DbError> dbError = ProblemFactory.databaseError(e);
        if (dbError.isEmpty() || !dbError.get().wantsConstraintColumns()) {
            return Uni.createFrom().item(respond(e, uri));
        }
        return constraintColumns.columns(dbError.get().constraint())
                .map(columns -> builder(e, uri, columns).build());
    }

    private Response respond(Throwable e, UriInfo uri) {
        return builder(e, uri).build();
    }

    private Response.ResponseBuilder builder(Throwable e, UriInfo uri) {
        return builder(e, uri, List.of());
    }

    private Response.ResponseBuilder builder(Throwable e, UriInfo uri, List<String> columns) {
        String instance = uri == null || uri.getRequestUri() == null ? null : uri.getRequestUri().getRawPath();
        Problem problem = problems.toProblem(e, instance, columns);
        if (problem.status() < 500) {
            Log.debugf("Request %s rejected with %d: %s", instance, problem.status(), problem.detail());
        }
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(serialize(problem));
    }

    /**
     * Written here rather than by a message body writer: problem+json must come out the same
     * whatever writers a service registers, and a writer failure must not hide the error.
     */
    private String serialize(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (Exception e) {
            Log.errorf(e, "Cannot serialize problem %s", problem.type());
            return "{\"type\":\"" + ProblemTypes.INTERNAL + "\",\"title\":\"Internal error\",\"status\":500}";
        }
    }
}
