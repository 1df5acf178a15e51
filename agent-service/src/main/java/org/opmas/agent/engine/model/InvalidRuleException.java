package org.opmas.agent.engine.model;

import java.util.List;
import java.util.stream.Collectors;
import org.opmas.common.rest.FieldError;

/** A rule definition that cannot be compiled; every error names its JSON path. */
public class InvalidRuleException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRuleException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
