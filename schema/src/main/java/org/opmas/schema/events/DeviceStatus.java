package org.opmas.schema.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Status of a device. */
public enum DeviceStatus {
    @JsonProperty("active")
    ACTIVE("active"),
    @JsonProperty("inactive")
    INACTIVE("inactive"),
    @JsonProperty("maintenance")
    MAINTENANCE("maintenance"),
    @JsonProperty("unreachable")
    UNREACHABLE("unreachable"),
    @JsonProperty("decommissioned")
    DECOMMISSIONED("decommissioned");

    private final String wire;

    DeviceStatus(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value. */
    public static DeviceStatus fromWire(String value) {
        for (DeviceStatus v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown DeviceStatus: " + value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
