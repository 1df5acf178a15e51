package org.opmas.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Percentiles;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.Table;
import org.opmas.bench.core.Threads;

/**
 * The findings list and stats endpoints under concurrent load, over the finding-service benchmark's
 * seed ({@code finding-service/src/test/resources/bench/seed-findings.sql}, a psql script seeding rows
 * {@code :first..:last} over the last 365 days; here 1..{@code --findings}, default 1,000,000). Each endpoint gets {@code --concurrency 16} clients
 * in a closed loop for {@code --seconds 20}: requests/s, p50, p99, max, errors.
 */
public final class QueryScenario implements Scenario {

    static final String SEED = "finding-service/src/test/resources/bench/seed-findings.sql";

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) throws Exception {
        int findings = options.integer("findings", 1_000_000);
        int concurrency = options.integer("concurrency", 16);
        int seconds = options.integer("seconds", 20);
        seed(stack, Path.of(options.string("repository", ".")), findings);

        String from = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("list newest 50", "/api/v1/findings?size=50");
        endpoints.put("list filtered (severity, type, last 30 d)",
                "/api/v1/findings?severity=critical&finding_type=oom_kill&created_after=" + from + "&size=50");
        endpoints.put("list details.source_ip", "/api/v1/findings?details.source_ip=198.51.7.7&size=50");
        endpoints.put("stats 30 d by severity, daily", "/api/v1/findings/stats?bucket=day&group_by=severity&from=" + from);

        Table table = report.table(new Table("query: " + findings + " findings, " + concurrency + " clients, "
                + seconds + " s per endpoint", "endpoint", "requests/s", "p50 ms", "p99 ms", "max ms", "errors"));
        ArrayNode json = report.json().put("findings", findings).put("concurrency", concurrency).putArray("endpoints");
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            Load load = load(stack, stack.url("finding-service", endpoint.getValue()), concurrency, seconds);
            table.row(endpoint.getKey(), load.throughput(), load.latency().millis(50), load.latency().millis(99),
                    load.latency().maxMillis(), load.errors());
            json.addObject().put("endpoint", endpoint.getKey()).put("path", endpoint.getValue())
                    .put("requests_per_s", load.throughput()).put("p50_ms", load.latency().millis(50))
                    .put("p99_ms", load.latency().millis(99)).put("max_ms", load.latency().maxMillis())
                    .put("errors", load.errors());
        }
    }

    static void seed(BenchStack stack, Path repository, int findings) throws Exception {
        // The seed is a psql script with variables :first and :last (the rows to create).
        String sql = Files.readString(repository.resolve(SEED))
                .replace(":first", "1").replace(":last", Integer.toString(findings));
        long start = System.nanoTime();
        try (Connection db = stack.adminConnection(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
        System.out.printf("[bench] seeded %,d findings in %.1f s%n", findings, (System.nanoTime() - start) / 1e9);
    }

    record Load(double throughput, Percentiles latency, long errors) {
    }

    /** {@code concurrency} clients, each sending the next request when the previous answered. */
    static Load load(BenchStack stack, String url, int concurrency, int seconds) throws InterruptedException {
        Percentiles latency = new Percentiles();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] clients = new Thread[concurrency];
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients[c] = Threads.start("bench-query-" + c, () -> {
                HttpRequest request = stack.http().request(url).GET().build();
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = stack.http().send(request);
                        if (response.statusCode() == 200) {
                            latency.recordNanos(System.nanoTime() - sent);
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        for (Thread client : clients) {
            client.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Load(ok.get() / elapsed, latency, errors.get());
    }
}
