package org.opmas.devkit.launcher;

import java.util.List;

/**
 * One OPMAS service as the launcher runs it: its module, default HTTP port, database role, and the
 * JVM options it needs beyond the stack's common ones (they follow the common options, so they win).
 */
public record ServiceSpec(String name, int httpPort, String databaseRole, List<String> jvmOptions) {

    /**
     * device-service and agent-service handle every syslog line. With the common {@code -Xms32m} their young
     * generation stayed at 20–30 MB: at 20,000 lines/s they collected 11 and 16 times a second (4 % and 7 % of
     * the time), and full collections of 0.1–0.8 s came while the heap grew. A fixed 64 MB young generation
     * halves the collection time and promotes less into the old one (docs/benchmarks/system.md, latency);
     * it costs them 34–45 MB of idle RSS.
     */
    static final List<String> INGEST_PATH_HEAP = List.of("-Xms128m", "-Xmn64m");

    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("device-service", 8081, "opmas_device", INGEST_PATH_HEAP),
            new ServiceSpec("agent-service", 8082, "opmas_agent", INGEST_PATH_HEAP),
            new ServiceSpec("finding-service", 8083, "opmas_finding", List.of()),
            new ServiceSpec("playbook-service", 8084, "opmas_playbook", List.of()),
            new ServiceSpec("action-executor", 8085, "opmas_executor", List.of()));
}
