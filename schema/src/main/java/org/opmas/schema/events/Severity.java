package org.opmas.schema.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Finding / detection severity (the DB check constraint's values), lowest first. */
public enum Severity {
    @JsonProperty("info")
    INFO("info"),
    @JsonProperty("warning")
    WARNING("warning"),
    @JsonProperty("error")
    ERROR("error"),
    @JsonProperty("critical")
    CRITICAL("critical");

    private final String wire;

    Severity(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value. */
    public static Severity fromWire(String value) {
        for (Severity v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown Severity: " + value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
