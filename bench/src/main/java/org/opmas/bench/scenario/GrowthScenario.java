package org.opmas.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Percentiles;
import org.opmas.bench.core.Poll;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.SyslogLoad;
import org.opmas.bench.core.Table;

/**
 * How costs grow. (1) Ingest: the highest sustained zero-loss rate with {@code --rule-counts
 * 10,50,200} active rules (the seeded catalogue is switched off and bench rules fill the count; every
 * bench rule filters on the load's program with a regex that does not match, the worst case: each
 * line is tried against all of them). (2) Detection latency with {@code --device-counts
 * 100,1000,10000} registered devices all sending background load at {@code --rate 5000}, with the
 * rules that were active before (1) restored.
 * Other options: {@code --sources 200} (ingest part), {@code --rates}, {@code --step-seconds},
 * {@code --seconds}, {@code --probes-per-second}.
 */
public final class GrowthScenario implements Scenario {

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) throws Exception {
        rules(stack, options, report);
        devices(stack, options, report);
    }

    private static void rules(BenchStack stack, BenchOptions options, Report report) throws Exception {
        List<Integer> ruleCounts = options.integers("rule-counts", List.of(10, 50, 200));
        List<Integer> rates = options.integers("rates", List.of(5_000, 10_000, 20_000, 30_000, 40_000));
        int stepSeconds = options.integer("step-seconds", 20);
        double maxLag = options.integer("max-lag-ms", 2000) / 1000.0;
        List<Long> catalogue = new ArrayList<>();
        try (Connection db = stack.adminConnection(); Statement sql = db.createStatement()) {
            try (ResultSet active = sql.executeQuery("SELECT id FROM agent_rules WHERE is_active")) {
                while (active.next()) {
                    catalogue.add(active.getLong(1));
                }
            }
            // Seeded rules are rows like any other; switching them off leaves only the bench rules active.
            sql.executeUpdate("UPDATE agent_rules SET is_active = false, updated_at = now()");
        }
        long agent = stack.createAgent("bench-growth");
        try {
            ingestWithRules(stack, options, report, agent, ruleCounts, rates, stepSeconds, maxLag);
        } finally {
            // The device part measures the catalogue an operator runs, not the worst-case bench rules.
            try (Connection db = stack.adminConnection(); Statement sql = db.createStatement()) {
                sql.executeUpdate("UPDATE agent_rules SET is_active = false, updated_at = now() WHERE agent_id = " + agent);
                if (!catalogue.isEmpty()) {
                    sql.executeUpdate("UPDATE agent_rules SET is_active = true, updated_at = now() WHERE id IN ("
                            + catalogue.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
                }
            }
        }
        awaitActiveRules(stack, catalogue.size());
    }

    private static void ingestWithRules(BenchStack stack, BenchOptions options, Report report, long agent,
            List<Integer> ruleCounts, List<Integer> rates, int stepSeconds, double maxLag) throws Exception {
        int created = 0;
        Table table = report.table(new Table("growth: ingest with N active rules (" + stepSeconds + " s per step)",
                "active rules", "highest sustained lines/s", "first unsustained lines/s"));
        ArrayNode json = report.json().putArray("rules");
        try (SyslogLoad load = IngestScenario.registerSources(stack, options.integer("sources", 200), 66)) {
            for (int count : ruleCounts) {
                while (created < count) {
                    created++;
                    stack.createRule(agent, Map.of("name", "BenchGrowth" + created, "rule_type", "threshold", "is_active", true,
                            "conditions", Map.of("program", List.of("dnsmasq-dhcp"),
                                    "message_regex", "^DHCPNAK\\((?<iface>[a-z0-9-]{1,15})\\) (?<ip>[0-9.]+) rule-" + created + "$",
                                    "group_by", List.of("iface"), "threshold", 5, "window_seconds", 60, "cooldown_seconds", 600),
                            "actions", Map.of("finding_type", "bench_growth", "severity", "info", "description", "rule {rule}")));
                }
                awaitActiveRules(stack, count);
                int best = 0;
                Integer failed = null;
                for (int rate : rates) {
                    IngestScenario.Step step = IngestScenario.step(stack, load, rate, stepSeconds);
                    if (!step.sustained(maxLag)) {
                        failed = rate;
                        break;
                    }
                    best = rate;
                }
                table.row(count, best, failed);
                json.addObject().put("active_rules", count).put("highest_sustained_per_s", best)
                        .put("first_unsustained_per_s", failed);
            }
        }
    }

    private static void awaitActiveRules(BenchStack stack, int count) {
        Poll.Reached reached = Poll.until(() -> (long) stack.metric("agent-service", "opmas_agent_rules_active"),
                count, Duration.ofSeconds(30), Duration.ofSeconds(30));
        if (!reached.reached() || reached.value() != count) {
            throw new IllegalStateException("agent-service reports " + reached.value() + " active rules, expected " + count);
        }
    }

    private static void devices(BenchStack stack, BenchOptions options, Report report) throws Exception {
        List<Integer> deviceCounts = options.integers("device-counts", List.of(100, 1_000, 10_000));
        int rate = options.integer("rate", 5_000);
        int seconds = options.integer("seconds", 20);
        int warmupSeconds = options.integer("warmup-seconds", 30);
        int probesPerSecond = options.integer("probes-per-second", 2);
        Table table = report.table(new Table("growth: detection latency with N devices sending " + rate + " lines/s together ("
                + seconds + " s per step after " + warmupSeconds + " s of warm-up at it)",
                "devices", "probes", "detected", "detect p50 ms", "detect p99 ms", "detect max ms"));
        ArrayNode json = report.json().putArray("devices");
        try (LatencyScenario.Setup setup = LatencyScenario.Setup.create(stack, "growth", 5, 10, 68)) {
            long probe = 1;
            int registered = 0;
            for (int count : deviceCounts) {
                try (SyslogLoad load = IngestScenario.registerSources(stack, registered, count, 67)) {
                    registered = count;
                    LatencyScenario.Probes probes = new LatencyScenario.Probes();
                    long first = probe;
                    probe = LatencyScenario.measure(stack, setup, load, probes, rate, warmupSeconds, seconds, probesPerSecond, first);
                    long measured = probe - probes.firstMeasured;
                    Percentiles detect = LatencyScenario.collect(probes).detect;
                    table.row(count, measured, detect.count(), detect.millis(50), detect.millis(99), detect.maxMillis());
                    json.addObject().put("devices", count).put("probes", measured).put("detected", detect.count())
                            .put("detect_p50_ms", detect.millis(50)).put("detect_p99_ms", detect.millis(99))
                            .put("detect_max_ms", detect.maxMillis());
                }
            }
        }
    }

}
