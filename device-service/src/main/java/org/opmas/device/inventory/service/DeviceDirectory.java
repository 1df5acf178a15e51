package org.opmas.device.inventory.service;

import io.smallrye.mutiny.Uni;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What the ingest path needs to know about devices, answered from memory: it is called for
 * every received log line, so it must never touch the database on a hit. Kept current when
 * devices change (through this service's API or another replica's change on opmas.devices).
 */
public interface DeviceDirectory {

    /** A device as the ingest path sees it. */
    record DeviceRef(int id, String hostname, String ipAddress, String status, ZoneId timeZone) {
    }

    Optional<DeviceRef> byIp(String ipAddress);

    Optional<DeviceRef> byHostname(String hostname);

    /**
     * Registers a log source nobody has registered as an {@code inactive} device for an operator
     * to confirm (the {@code register} unknown-source policy). Idempotent per IP: concurrent calls
     * for one IP yield one device.
     */
    Uni<DeviceRef> registerUnknown(String ipAddress, String hostname);
}
