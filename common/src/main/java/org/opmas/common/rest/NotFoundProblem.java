package org.opmas.common.rest;

/** 404: the addressed resource does not exist. */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String detail) {
        super(404, ProblemTypes.NOT_FOUND, "Not found", detail, null);
    }
}
