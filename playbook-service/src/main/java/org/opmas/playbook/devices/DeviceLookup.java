package org.opmas.playbook.devices;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Reads devices through the current Hibernate Reactive session (so inside the caller's transaction). */
@ApplicationScoped
public class DeviceLookup {

    public Uni<DeviceInfo> find(long deviceId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT id, hostname, host(ip_address), model, status FROM devices WHERE id = ?1", Object[].class)
                .setParameter(1, (int) deviceId)
                .getResultList())
                .map(DeviceLookup::first);
    }

    private static DeviceInfo first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new DeviceInfo(((Number) r[0]).intValue(), (String) r[1], (String) r[2], (String) r[3],
                r[4] == null ? "active" : (String) r[4]);
    }
}
