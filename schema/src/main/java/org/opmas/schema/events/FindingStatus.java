package org.opmas.schema.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Lifecycle status of a finding. */
public enum FindingStatus {
    @JsonProperty("new")
    NEW("new"),
    @JsonProperty("acknowledged")
    ACKNOWLEDGED("acknowledged"),
    @JsonProperty("resolved")
    RESOLVED("resolved"),
    @JsonProperty("false_positive")
    FALSE_POSITIVE("false_positive");

    private final String wire;

    FindingStatus(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value. */
    public static FindingStatus fromWire(String value) {
        for (FindingStatus v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown FindingStatus: " + value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
