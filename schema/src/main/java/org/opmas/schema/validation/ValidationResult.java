package org.opmas.schema.validation;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outcome of {@link EventValidator#validate}: valid, or a list of readable errors, each naming the
 * JSON path ({@code $.severity: must be one of [info, warning, error, critical]}).
 *
 * @param eventType the ce_type validated against (as given)
 * @param errors    empty when valid
 * @param payload   the parsed payload (so a consumer need not parse twice), null when the bytes
 *                  were not JSON
 */
public record ValidationResult(String eventType, List<String> errors, JsonNode payload) {

    public ValidationResult {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static ValidationResult ok(String eventType, JsonNode payload) {
        return new ValidationResult(eventType, List.of(), payload);
    }

    static ValidationResult invalid(String eventType, List<String> errors, JsonNode payload) {
        return new ValidationResult(eventType, errors, payload);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** All errors joined with "; " ("ok" when valid). */
    public String summary() {
        return isValid() ? "ok" : String.join("; ", errors);
    }

    /**
     * {@link #summary()} cut to at most {@code maxChars} chars (with "…" when cut), e.g. for the
     * {@code dead-letter-reason} header.
     */
    public String summary(int maxChars) {
        String s = summary();
        if (s.length() <= maxChars) {
            return s;
        }
        return maxChars <= 1 ? s.substring(0, Math.max(0, maxChars)) : s.substring(0, maxChars - 1) + "…";
    }

    /** Throws {@link EventValidationException} when invalid; returns this otherwise. */
    public ValidationResult orThrow() {
        if (!isValid()) {
            throw new EventValidationException(this);
        }
        return this;
    }
}
