package org.opmas.common.rest;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.CompositeException;

/**
 * Decides which problem a failure is. Reactive code wraps failures (CompletionException,
 * CompositeException, PersistenceException, WebApplicationException around a Jackson error), so
 * the whole cause chain is searched, most specific kind first. Anything unrecognised is a 500
 * whose {@code error_id} is logged together with the stack trace.
 */
public class ProblemFactory {

    private static final int MAX_CHAIN = 32;

    private final ObjectMapper mapper;

    public ProblemFactory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Problem toProblem(Throwable failure, String instance) {
        return toProblem(failure, instance, List.of());
    }

    /**
     * @param constraintColumns the columns of the violated constraint, looked up by the caller when
     *                          {@link #databaseError} says the error does not name them
     */
    public Problem toProblem(Throwable failure, String instance, List<String> constraintColumns) {
        List<Throwable> chain = causeChain(failure);
        Problem problem = classify(chain, constraintColumns).orElse(null);
        if (problem == null || problem.status() >= 500) {
            problem = internal(problem, failure, instance);
        }
        return problem.withInstance(instance);
    }

    /** The database error in a failure's cause chain, if any. */
    public static Optional<DatabaseErrors.DbError> databaseError(Throwable failure) {
        return DatabaseErrors.find(causeChain(failure));
    }

    Optional<Problem> classify(List<Throwable> chain, List<String> constraintColumns) {
        for (Throwable t : chain) {
            if (t instanceof ProblemException pe) {
                return Optional.of(pe.toProblem());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConstraintViolationException cve) {
                return Optional.of(violations(cve));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof JsonProcessingException jpe) {
                return JsonErrors.isClientError(jpe) ? Optional.of(JsonErrors.toProblem(jpe)) : Optional.empty();
            }
        }
        Optional<DatabaseErrors.DbError> dbError = DatabaseErrors.find(chain)
                .map(error -> constraintColumns.isEmpty() ? error : error.withConstraintColumns(constraintColumns));
        if (dbError.isPresent()) {
            Optional<Problem> mapped = DatabaseErrors.toProblem(dbError.get());
            if (mapped.isPresent()) {
                return mapped;
            }
            if (DatabaseErrors.isUnavailable(dbError.get())) {
                return Optional.of(unavailable("The database is unavailable; retry later"));
            }
            return Optional.empty();
        }
        for (Throwable t : chain) {
            String name = t.getClass().getName();
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || name.equals("org.hibernate.StaleObjectStateException")
                    || name.equals("org.hibernate.StaleStateException")) {
                return Optional.of(new Problem(ProblemTypes.CONFLICT, "Conflict", 409,
                        "The record was changed concurrently; reload it and retry", null, List.of(), null));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof WebApplicationException wae) {
                return Optional.of(webApplication(wae));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException || t instanceof TimeoutException) {
                return Optional.of(unavailable("A backing service did not answer; retry later"));
            }
        }
        return Optional.empty();
    }

    Problem violations(ConstraintViolationException e) {
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations == null || violations.isEmpty()) {
            return new Problem(ProblemTypes.VALIDATION, "Invalid request", 400, "The request is invalid", null,
                    List.of(), null);
        }
        if (violations.stream().anyMatch(ViolationFields::isReturnValue)) {
            // The server produced an invalid response: its bug, not the client's.
            return new Problem(ProblemTypes.INTERNAL, "Internal error", 500, null, null, List.of(), null);
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            errors.add(new FieldError(ViolationFields.fieldOf(violation, mapper), violation.getMessage()));
        }
        errors.sort(Comparator.comparing((FieldError fe) -> fe.field() == null ? "" : fe.field())
                .thenComparing(fe -> String.valueOf(fe.message())));
        String detail = errors.size() == 1
                ? describe(errors.get(0))
                : errors.size() + " fields are invalid";
        return new Problem(ProblemTypes.VALIDATION, "Invalid request", 400, detail, null, errors, null);
    }

    Problem webApplication(WebApplicationException e) {
        Response response = e.getResponse();
        int status = response == null ? 500 : response.getStatus();
        Response.StatusType statusInfo = Response.Status.fromStatusCode(status);
        String title = statusInfo == null ? "HTTP " + status : statusInfo.getReasonPhrase();
        String detail = status < 500 ? e.getMessage() : null;
        return new Problem(ProblemException.typeFor(status), title, status, detail, null, List.of(), null);
    }

    private Problem internal(Problem classified, Throwable failure, String instance) {
        String errorId = UUID.randomUUID().toString();
        Log.errorf(failure, "Request %s failed, error_id=%s", instance, errorId);
        if (classified != null) {
            return classified.withErrorId(errorId);
        }
        return new Problem(ProblemTypes.INTERNAL, "Internal error", 500,
                "An unexpected error occurred; quote error_id " + errorId + " when reporting it", null, List.of(),
                errorId);
    }

    private static Problem unavailable(String detail) {
        return new Problem(ProblemTypes.UNAVAILABLE, "Service unavailable", 503, detail, null, List.of(), null);
    }

    private static String describe(FieldError error) {
        return error.field() == null ? error.message() : error.field() + ": " + error.message();
    }

    /** The failure and its causes, CompositeExceptions expanded, each once, outermost first. */
    public static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> pending = new ArrayList<>();
        pending.add(failure);
        while (!pending.isEmpty() && chain.size() < MAX_CHAIN) {
            Throwable t = pending.remove(0);
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            chain.add(t);
            if (t instanceof CompositeException composite) {
                pending.addAll(composite.getCauses());
            }
            pending.add(t.getCause());
        }
        return chain;
    }
}
