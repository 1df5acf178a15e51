package org.opmas.bench.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** CPU (percent of one core), RSS and PSS per stack process over a measured interval. */
public final class Resources {

    private final StackProcesses processes;
    private final Map<String, Long> ticksBefore;
    private final long startNanos = System.nanoTime();

    private Resources(StackProcesses processes) {
        this.processes = processes;
        this.ticksBefore = processes.cpuTicks();
    }

    public static Resources start(BenchStack stack) {
        return new Resources(stack.processes());
    }

    /** Ends the interval: adds a table and a JSON object ({@code process → {cpu_percent, rss_mib, pss_mib}}). */
    public ObjectNode finish(Report report, String title) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> cpu = StackProcesses.cpuPercent(ticksBefore, processes.cpuTicks(), seconds);
        Map<String, Double> rss = processes.rssMib();
        Map<String, Double> pss = processes.pssMib();
        Table table = report.table(new Table(title, "process", "cpu % of one core", "rss MiB", "pss MiB"));
        ObjectNode json = BenchHttp.JSON.createObjectNode();
        double totalCpu = 0;
        double totalRss = 0;
        double totalPss = 0;
        for (String name : cpu.keySet()) {
            table.row(name, cpu.get(name), rss.get(name), pss.get(name));
            ObjectNode entry = json.putObject(name);
            entry.put("cpu_percent", round(cpu.get(name)));
            entry.put("rss_mib", round(rss.get(name)));
            entry.put("pss_mib", round(pss.get(name)));
            if (!name.equals("bench")) {
                totalCpu += cpu.get(name);
                totalRss += rss.get(name);
                totalPss += pss.get(name);
            }
        }
        table.row("stack total (without bench)", totalCpu, totalRss, totalPss);
        json.putObject("stack_total").put("cpu_percent", round(totalCpu)).put("rss_mib", round(totalRss))
                .put("pss_mib", round(totalPss));
        return json;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
