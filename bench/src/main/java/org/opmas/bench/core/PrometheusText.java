package org.opmas.bench.core;

/** Reads counters from a Prometheus text exposition (/q/metrics). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum over every label set of {@code metric}; 0 when the metric is absent. */
    public static double sum(String exposition, String metric) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int end = metric.length();
            if (line.length() > end && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                continue; // a longer name with this prefix
            }
            String value = line.substring(line.lastIndexOf(line.contains("}") ? '}' : ' ') + 1).trim().split("\\s+")[0];
            total += Double.parseDouble(value);
        }
        return total;
    }
}
