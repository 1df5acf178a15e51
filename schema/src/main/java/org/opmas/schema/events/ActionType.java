package org.opmas.schema.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an intended action does on the router. */
public enum ActionType {
    @JsonProperty("ssh_command")
    SSH_COMMAND("ssh_command"),
    @JsonProperty("service_restart")
    SERVICE_RESTART("service_restart"),
    @JsonProperty("wifi_reload")
    WIFI_RELOAD("wifi_reload"),
    @JsonProperty("interface_restart")
    INTERFACE_RESTART("interface_restart"),
    @JsonProperty("block_ip")
    BLOCK_IP("block_ip"),
    @JsonProperty("block_mac")
    BLOCK_MAC("block_mac"),
    @JsonProperty("uci_set")
    UCI_SET("uci_set"),
    @JsonProperty("collect_diagnostics")
    COLLECT_DIAGNOSTICS("collect_diagnostics"),
    @JsonProperty("reboot")
    REBOOT("reboot");

    private final String wire;

    ActionType(String wire) {
        this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value. */
    public static ActionType fromWire(String value) {
        for (ActionType v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown ActionType: " + value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
