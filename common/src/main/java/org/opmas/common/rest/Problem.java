package org.opmas.common.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An RFC 9457 {@code application/problem+json} body. {@code errors} names each rejected field;
 * {@code error_id} is set on 5xx responses only and is the key to the logged stack trace, which
 * never leaves the server.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @JsonProperty("error_id") String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Problem withInstance(String newInstance) {
        return new Problem(type, title, status, detail, newInstance, errors, errorId);
    }

    public Problem withErrorId(String newErrorId) {
        return new Problem(type, title, status, detail, instance, errors, newErrorId);
    }
}
