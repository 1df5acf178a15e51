package org.opmas.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.ResultLog;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.Table;
import org.opmas.bench.scenario.FleetScenario;
import org.opmas.bench.scenario.GrowthScenario;
import org.opmas.bench.scenario.IdleScenario;
import org.opmas.bench.scenario.IngestScenario;
import org.opmas.bench.scenario.KafkaLimitScenario;
import org.opmas.bench.scenario.LatencyScenario;
import org.opmas.bench.scenario.QueryScenario;
import org.opmas.devkit.launcher.StackLauncher;

/**
 * {@code ./opmas bench <scenario> [--option value …]}: starts a fresh stack on its own home, runs one
 * scenario, prints its tables and appends one JSON line to {@code bench/target/bench-results.jsonl}.
 * Common options: {@code --repository} (default .), {@code --home} (default .opmas/bench),
 * {@code --service-jvm-options} and {@code --kafka-jvm-options} (default: what ./opmas up uses),
 * {@code --ready-timeout-seconds} (600).
 */
public final class BenchMain {

    static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("ingest", IngestScenario::new);
        SCENARIOS.put("latency", LatencyScenario::new);
        SCENARIOS.put("fleet", FleetScenario::new);
        SCENARIOS.put("query", QueryScenario::new);
        SCENARIOS.put("growth", GrowthScenario::new);
        SCENARIOS.put("kafka-limit", KafkaLimitScenario::new);
        SCENARIOS.put("idle", IdleScenario::new);
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 ? List.of() : List.of(args[0].split(","));
        if (names.isEmpty() || !SCENARIOS.keySet().containsAll(names)) {
            System.err.println("usage: ./opmas bench <" + String.join("|", SCENARIOS.keySet()) + ">[,<scenario>…] [--option value …]"
                    + "\n  several scenarios, comma-separated, share one stack start (in the order given)"
                    + "\n  see docs/benchmarks/system.md for each scenario's options");
            System.exit(2);
        }
        BenchOptions options = BenchOptions.parse(List.of(args).subList(1, args.length));
        Path repository = Path.of(options.string("repository", ".")).toAbsolutePath().normalize();
        Path home = Path.of(options.string("home", repository.resolve(".opmas/bench").toString()));
        List<String> jvmOptions = StackLauncher.jvmOptions(options.string("service-jvm-options",
                StackLauncher.DEFAULT_SERVICE_JVM_OPTIONS));
        List<String> kafkaJvmOptions = StackLauncher.jvmOptions(options.string("kafka-jvm-options",
                StackLauncher.DEFAULT_KAFKA_JVM_OPTIONS));
        Duration readyTimeout = Duration.ofSeconds(options.integer("ready-timeout-seconds", 600));
        Path results = repository.resolve("bench/target/bench-results.jsonl");
        int status = 0;
        try (BenchStack stack = BenchStack.start(repository, home, jvmOptions, kafkaJvmOptions, readyTimeout)) {
            for (String name : names) {
                Report report = new Report(ResultLog.line(name, options));
                try {
                    SCENARIOS.get(name).get().run(stack, options, report);
                } catch (Exception | AssertionError e) {
                    report.json().put("error", String.valueOf(e));
                    System.err.println("[bench] " + name + " failed: " + e);
                    e.printStackTrace();
                    status = 1;
                }
                report.json().put("finished_at", Instant.now().toString());
                System.out.println();
                for (Table table : report.tables()) {
                    System.out.println(table.render());
                }
                ResultLog.append(results, report.json());
                System.out.println("[bench] " + name + ": results appended to " + results);
                if (status != 0) {
                    break;
                }
            }
        } catch (Exception e) {
            System.err.println("[bench] the stack did not start: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
