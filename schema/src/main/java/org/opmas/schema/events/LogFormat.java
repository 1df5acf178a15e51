package org.opmas.schema.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a DeviceLogEvent's line was parsed. */
public enum LogFormat {
    @JsonProperty("rfc3164")
    RFC3164("rfc3164"),
    @JsonProperty("rfc5424")
    RFC5424("rfc5424"),
    @JsonProperty("logread")
    LOGREAD("logread"),
    @JsonProperty("json")
    JSON("json"),
    @JsonProperty("unparsed")
    UNPARSED("unparsed");

    private final String wire;

    LogFormat(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value. */
    public static LogFormat fromWire(String value) {
        for (LogFormat v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown LogFormat: " + value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
