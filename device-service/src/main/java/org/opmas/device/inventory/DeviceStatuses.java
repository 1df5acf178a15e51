package org.opmas.device.inventory;

import java.util.Arrays;
import java.util.List;

import org.opmas.schema.events.DeviceStatus;

/** The wire values of {@link DeviceStatus}, the one list the API and the database agree on. */
public final class DeviceStatuses {

    public static final String PATTERN = "active|inactive|maintenance|unreachable|decommissioned";
    public static final String MESSAGE = "must be one of active, inactive, maintenance, unreachable, decommissioned";

    public static final List<String> ALL = Arrays.stream(DeviceStatus.values()).map(DeviceStatus::wire).toList();

    private DeviceStatuses() {
    }

    public static boolean isValid(String status) {
        return ALL.contains(status);
    }
}
