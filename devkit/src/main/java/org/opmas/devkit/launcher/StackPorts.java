package org.opmas.devkit.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opmas.devkit.Ports;

/** The ports a stack listens on: fixed, documented ones for {@code ./opmas up}; free ones for tests. */
public record StackPorts(int postgres, int kafka, int syslog, Map<String, Integer> http) {

    public static StackPorts defaults() {
        Map<String, Integer> http = new LinkedHashMap<>();
        ServiceSpec.ALL.forEach(s -> http.put(s.name(), s.httpPort()));
        return new StackPorts(15432, 19092, 5514, http);
    }

    /** Free loopback ports, so a test stack never collides with a running one or another test JVM. */
    public static StackPorts free() {
        Map<String, Integer> http = new LinkedHashMap<>();
        ServiceSpec.ALL.forEach(s -> http.put(s.name(), Ports.free()));
        return new StackPorts(Ports.free(), Ports.free(), Ports.free(), http);
    }

    public int http(ServiceSpec service) {
        return http.get(service.name());
    }

    public String baseUrl(ServiceSpec service) {
        return "http://127.0.0.1:" + http(service);
    }
}
