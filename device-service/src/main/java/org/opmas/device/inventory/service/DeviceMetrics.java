package org.opmas.device.inventory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.opmas.device.inventory.DeviceStatuses;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/** {@code opmas_device_devices{status}}: devices per status, from the in-memory directory. */
@ApplicationScoped
public class DeviceMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, InMemoryDeviceDirectory directory) {
        for (String status : DeviceStatuses.ALL) {
            Gauge.builder("opmas_device_devices", directory, d -> d.countByStatus(status))
                    .description("Devices in the inventory by status")
                    .tag("status", status)
                    .register(registry);
        }
    }
}
