package org.opmas.schema.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Terminal outcome of an intended action. */
public enum ActionStatus {
    @JsonProperty("succeeded")
    SUCCEEDED("succeeded"),
    @JsonProperty("failed")
    FAILED("failed"),
    @JsonProperty("timed_out")
    TIMED_OUT("timed_out"),
    @JsonProperty("cancelled")
    CANCELLED("cancelled"),
    @JsonProperty("skipped")
    SKIPPED("skipped");

    private final String wire;

    ActionStatus(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value. */
    public static ActionStatus fromWire(String value) {
        for (ActionStatus v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown ActionStatus: " + value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
