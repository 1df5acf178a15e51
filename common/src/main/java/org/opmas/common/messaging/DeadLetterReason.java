package org.opmas.common.messaging;

/**
 * Why a record went to a dead-letter topic, as a small fixed set: it is a metric label, and an
 * operator triages by it before reading the free-text reason header.
 */
public enum DeadLetterReason {
    /** The value is not JSON (or not UTF-8). */
    INVALID_JSON("invalid-json"),
    /** JSON that fails the event type's JSON Schema. */
    SCHEMA_VIOLATION("schema-violation"),
    /** No or unknown ce_type, or a type that does not belong on this topic. */
    UNSUPPORTED_TYPE("unsupported-type"),
    /** A valid event the service could not process (e.g. refers to something that does not exist). */
    UNPROCESSABLE("unprocessable"),
    /** Processing failed with an unexpected error after retries. */
    PROCESSING_ERROR("processing-error");

    private final String label;

    DeadLetterReason(String label) {
        this.label = label;
    }

    /** The value of the {@code reason_class} metric label and {@code dead-letter-reason-class} header. */
    public String label() {
        return label;
    }
}
