package org.opmas.common.rest;

import java.util.List;

/**
 * An error a service throws on purpose; the problem mapper turns it into a problem+json response
 * with exactly this status, title, detail and field errors. Use the subclasses or the factory
 * methods for the common cases.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, typeFor(status), title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, String field) {
        this(status, typeFor(status), title, detail,
                field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        // Client errors are expected outcomes: a stack trace would cost time and say nothing.
        super(detail, null, false, status >= 500);
        this.status = status;
        this.type = type == null ? typeFor(status) : type;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static NotFoundProblem notFound(String what, Object id) {
        return new NotFoundProblem(what + " " + id + " does not exist");
    }

    public static ConflictProblem conflict(String detail) {
        return new ConflictProblem(detail, null);
    }

    public static ConflictProblem conflict(String detail, String field) {
        return new ConflictProblem(detail, field);
    }

    public static BadRequestProblem badRequest(String detail) {
        return new BadRequestProblem(detail, (String) null);
    }

    public static BadRequestProblem badRequest(String field, String message) {
        return new BadRequestProblem(field + ": " + message, field, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem() {
        return new Problem(type, title, status, detail, null, errors, null);
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400 -> ProblemTypes.BAD_REQUEST;
            case 403 -> ProblemTypes.FORBIDDEN;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 409 -> ProblemTypes.CONFLICT;
            case 503 -> ProblemTypes.UNAVAILABLE;
            default -> status >= 500 ? ProblemTypes.INTERNAL : ProblemTypes.BLANK;
        };
    }
}
