package org.opmas.devkit.launcher;

import java.util.List;

/** One OPMAS service as the launcher runs it: its module, default HTTP port and database role. */
public record ServiceSpec(String name, int httpPort, String databaseRole) {

    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("device-service", 8081, "opmas_device"),
            new ServiceSpec("agent-service", 8082, "opmas_agent"),
            new ServiceSpec("finding-service", 8083, "opmas_finding"),
            new ServiceSpec("playbook-service", 8084, "opmas_playbook"),
            new ServiceSpec("action-executor", 8085, "opmas_executor"));
}
