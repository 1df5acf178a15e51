package org.opmas.common.rest;

import java.util.List;

/** 400: an input is invalid in a way Bean Validation cannot express. */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String detail, String field) {
        this(detail, field, detail);
    }

    public BadRequestProblem(String detail, String field, String fieldMessage) {
        super(400, ProblemTypes.VALIDATION, "Invalid request", detail,
                field == null ? List.of() : List.of(new FieldError(field, fieldMessage)));
    }

    public BadRequestProblem(String detail, List<FieldError> errors) {
        super(400, ProblemTypes.VALIDATION, "Invalid request", detail, errors);
    }
}
