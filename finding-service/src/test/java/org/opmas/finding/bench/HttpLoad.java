package org.opmas.finding.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Closed-loop HTTP load: {@code clients} threads each send the next request as soon as the previous
 * answered, for a fixed duration, after a warm-up whose samples are discarded. Latency is measured
 * per request (send → whole body read); a non-200 answer counts as an error, never as a sample.
 */
final class HttpLoad {

    /** What one endpoint did. Times in milliseconds. */
    record Result(String endpoint, long requests, long errors, double seconds, double p50, double p99, double max,
            String firstError) {

        double throughput() {
            return requests / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final String bearerToken;

    HttpLoad(String baseUrl, String bearerToken) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.bearerToken = bearerToken;
    }

    /** The one place that builds requests: every call carries the bearer token. */
    HttpRequest request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET();
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        return builder.build();
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    Result run(String endpoint, Supplier<String> paths, int clients, Duration warmup, Duration duration)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long warmupEnds = System.nanoTime() + warmup.toNanos();
        long ends = warmupEnds + duration.toNanos();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Future<long[]>> futures = new ArrayList<>();
        long[] errors = new long[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long[] samples = new long[1024];
                int n = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= ends) {
                        break;
                    }
                    String path = paths.get();
                    int status;
                    String body;
                    try {
                        HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
                        status = response.statusCode();
                        body = response.body();
                    } catch (IOException e) {
                        status = -1;
                        body = e.toString();
                    }
                    long took = System.nanoTime() - start;
                    if (start < warmupEnds) {
                        continue;
                    }
                    if (status != 200) {
                        errors[client]++;
                        firstError.compareAndSet(null, status + " " + path + ": "
                                + body.substring(0, Math.min(300, body.length())));
                        continue;
                    }
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = took;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        long[] all = new long[0];
        try {
            for (Future<long[]> f : futures) {
                long[] part = f.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(endpoint + ": a client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Arrays.sort(all);
        long errorCount = Arrays.stream(errors).sum();
        return new Result(endpoint, all.length, errorCount, duration.toNanos() / 1e9, millis(percentile(all, 0.50)),
                millis(percentile(all, 0.99)), millis(all.length == 0 ? 0 : all[all.length - 1]), firstError.get());
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    static <T> T any(List<T> values) {
        return values.get(ThreadLocalRandom.current().nextInt(values.size()));
    }
}
