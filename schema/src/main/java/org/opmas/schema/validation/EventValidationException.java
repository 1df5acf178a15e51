package org.opmas.schema.validation;

/**
 * An event failed its schema. The message is "schema: " + the result's summary, ready for the
 * {@code dead-letter-reason} header (SmallRye's DLQ strategy copies the exception message there).
 */
public class EventValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ValidationResult result;

    public EventValidationException(ValidationResult result) {
        super("schema: " + (result.eventType() == null ? "" : result.eventType() + ": ") + result.summary(3900), null,
                false, false);
        this.result = result;
    }

    public ValidationResult result() {
        return result;
    }
}
