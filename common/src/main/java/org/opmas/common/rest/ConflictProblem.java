package org.opmas.common.rest;

import java.util.List;

/** 409: the request is valid but clashes with the current state (duplicate, wrong status, ...). */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String detail, String field) {
        super(409, ProblemTypes.CONFLICT, "Conflict", detail,
                field == null ? List.of() : List.of(new FieldError(field, detail)));
    }
}
