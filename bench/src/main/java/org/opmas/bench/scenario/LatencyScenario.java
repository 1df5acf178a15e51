package org.opmas.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opmas.bench.core.BenchHttp;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Percentiles;
import org.opmas.bench.core.Poll;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.SyslogLoad;
import org.opmas.bench.core.Table;
import org.opmas.bench.core.Threads;
import org.opmas.devkit.simulator.ReceivedCommand;
import org.opmas.devkit.simulator.SimulatedFleet;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.devkit.simulator.SyslogScenarios;
import org.opmas.schema.Topics;

/**
 * Detection latency (probe line sent → its finding's {@code created} event on {@code opmas.findings},
 * which finding-service publishes only after the commit) and action latency (that event → the
 * playbook's command arriving at the simulated router, no approval), under background syslog at
 * fractions of a given sustainable rate, each measured after a warm-up at that rate; a second table
 * splits detection into its hops. Options: {@code --rate 20000 --fractions 10,50,90 --warmup-seconds 30
 * --seconds 60 --probes-per-second 2 --probe-routers 10 --sources 100}. Probes are few on purpose: each
 * one runs the whole flow down to an SSH action, so they are part of the load they measure.
 */
public final class LatencyScenario implements Scenario {

    private static final Pattern PROBE_IN_COMMAND = Pattern.compile("probe-'?(\\d+)");

    /**
     * Probe timings, filled by the sender, the events consumer and the routers. Probes numbered below
     * {@link #firstMeasured} were sent during the warm-up and are not counted.
     */
    static final class Probes {
        final Map<Long, Instant> sent = new ConcurrentHashMap<>();
        /** The agent's {@code detected_at} (rule evaluation) from the probe's detection event. */
        final Map<Long, Instant> detected = new ConcurrentHashMap<>();
        /** The finding's {@code created_at} (its insert) from the {@code created} event. */
        final Map<Long, Instant> inserted = new ConcurrentHashMap<>();
        /** When the {@code created} event, published only after the commit, reached the harness. */
        final Map<Long, Instant> committed = new ConcurrentHashMap<>();
        final Map<Long, Instant> commanded = new ConcurrentHashMap<>();
        volatile long firstMeasured;
    }

    /** Percentiles of the whole path and of each hop of it, for the measured probes only. */
    static final class Latencies {
        final Percentiles detect = new Percentiles();
        final Percentiles act = new Percentiles();
        /** Line sent → rule evaluated: UDP, device-service, opmas.device.logs, agent-service. */
        final Percentiles toRule = new Percentiles();
        /** Rule evaluated → finding inserted: opmas.findings.detected, finding-service's consumer. */
        final Percentiles toInsert = new Percentiles();
        /** Finding inserted → created event received: commit, outbox relay, opmas.findings. */
        final Percentiles toEvent = new Percentiles();
    }

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) throws Exception {
        int rate = options.integer("rate", 20_000);
        List<Integer> fractions = options.integers("fractions", List.of(10, 50, 90));
        int warmupSeconds = options.integer("warmup-seconds", 30);
        int seconds = options.integer("seconds", 60);
        int probesPerSecond = options.integer("probes-per-second", 2);
        int routerCount = options.integer("probe-routers", 10);
        int sources = options.integer("sources", 100);

        Table table = report.table(new Table("latency: probe line → finding committed → command on the router ("
                + probesPerSecond + " probes/s, " + seconds + " s per load after " + warmupSeconds + " s of warm-up at it)",
                "background lines/s", "probes", "detected", "detect p50 ms", "detect p99 ms", "detect max ms",
                "acted", "action p50 ms", "action p99 ms", "action max ms"));
        Table hops = report.table(new Table("latency hops, p50 / p99 ms: line sent → rule evaluated (device-service, "
                + "agent-service) → finding inserted (finding-service) → created event received (commit, outbox)",
                "background lines/s", "sent → rule evaluated", "→ finding inserted", "→ created event received"));
        ArrayNode results = report.json().putArray("loads");
        try (Setup setup = Setup.create(stack, "latency", routerCount, sources, 62)) {
            long nextProbe = 1;
            for (int fraction : fractions) {
                int background = rate * fraction / 100;
                Probes probes = new Probes();
                nextProbe = measure(stack, setup, setup.load, probes, background, warmupSeconds, seconds, probesPerSecond, nextProbe);
                long measured = nextProbe - probes.firstMeasured;
                Latencies l = collect(probes);
                table.row(background, measured, l.detect.count(), l.detect.millis(50), l.detect.millis(99),
                        l.detect.maxMillis(), l.act.count(), l.act.millis(50), l.act.millis(99), l.act.maxMillis());
                hops.row(background, pair(l.toRule), pair(l.toInsert), pair(l.toEvent));
                ObjectNode json = results.addObject();
                json.put("background_per_s", background).put("warmup_s", warmupSeconds).put("probes", measured)
                        .put("detected", l.detect.count()).put("detect_p50_ms", l.detect.millis(50))
                        .put("detect_p99_ms", l.detect.millis(99)).put("detect_max_ms", l.detect.maxMillis())
                        .put("acted", l.act.count()).put("action_p50_ms", l.act.millis(50))
                        .put("action_p99_ms", l.act.millis(99)).put("action_max_ms", l.act.maxMillis())
                        .put("to_rule_p50_ms", l.toRule.millis(50)).put("to_rule_p99_ms", l.toRule.millis(99))
                        .put("to_insert_p50_ms", l.toInsert.millis(50)).put("to_insert_p99_ms", l.toInsert.millis(99))
                        .put("to_event_p50_ms", l.toEvent.millis(50)).put("to_event_p99_ms", l.toEvent.millis(99));
            }
        }
    }

    private static String pair(Percentiles p) {
        return p.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f", p.millis(50), p.millis(99));
    }

    /**
     * Runs one load level: background lines and probes for {@code warmupSeconds} (probes sent then are
     * not counted: the services' JIT and consumers settle at the new rate), then {@code seconds}
     * measured; waits until every probe was detected and acted on (or 60 s passed without progress).
     * Returns the next free probe number.
     */
    static long measure(BenchStack stack, Setup setup, SyslogLoad load, Probes probes, int background, int warmupSeconds,
                        int seconds, int probesPerSecond, long firstProbe) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch positioned = new CountDownLatch(1);
        Thread consumer = Threads.start("bench-findings", () -> consumeEvents(stack, setup.findingType(), probes, running, positioned));
        if (!positioned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not read opmas.findings within 30 s");
        }
        Thread loadThread = null;
        if (background > 0) {
            loadThread = Threads.start("bench-load", () -> load.run(background, warmupSeconds + seconds));
        }
        long probe = firstProbe;
        probes.firstMeasured = warmupSeconds == 0 ? firstProbe : Long.MAX_VALUE;
        long intervalNanos = 1_000_000_000L / probesPerSecond;
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (System.nanoTime() < end) {
            if (probes.firstMeasured == Long.MAX_VALUE && System.nanoTime() >= measureFrom) {
                probes.firstMeasured = probe;
            }
            int index = (int) (probe % setup.routers.size());
            SimulatedRouter router = setup.routers.get(index);
            buffer.clear();
            buffer.put(SyslogScenarios.line(SyslogScenarios.DAEMON_NOTICE, router.hostname(), "opmasbench",
                    setup.tag + " probe " + probe).getBytes(StandardCharsets.US_ASCII)).flip();
            probes.sent.put(probe, Instant.now());
            setup.probeSockets.get(index).write(buffer);
            probe++;
            long next = start + (probe - firstProbe) * intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
        if (loadThread != null) {
            loadThread.join();
        }
        long expected = probe - firstProbe;
        Poll.until(() -> {
            harvestCommands(setup, probes);
            return Math.min(probes.committed.size(), probes.commanded.size());
        }, expected, Duration.ofSeconds(60), Duration.ofSeconds(15));
        running.set(false);
        consumer.join();
        return probe;
    }

    static Latencies collect(Probes probes) {
        Latencies l = new Latencies();
        probes.sent.forEach((probe, sent) -> {
            if (probe < probes.firstMeasured) {
                return;
            }
            Instant committed = probes.committed.get(probe);
            if (committed == null) {
                return;
            }
            l.detect.recordNanos(Duration.between(sent, committed).toNanos());
            Instant commanded = probes.commanded.get(probe);
            if (commanded != null) {
                l.act.recordNanos(Duration.between(committed, commanded).toNanos());
            }
            Instant detected = probes.detected.get(probe);
            Instant inserted = probes.inserted.get(probe);
            if (detected != null && inserted != null) {
                // Clocks of one machine; a hop shorter than the clocks' rounding is recorded as 0.
                l.toRule.recordNanos(Math.max(0, Duration.between(sent, detected).toNanos()));
                l.toInsert.recordNanos(Math.max(0, Duration.between(detected, inserted).toNanos()));
                l.toEvent.recordNanos(Math.max(0, Duration.between(inserted, committed).toNanos()));
            }
        });
        return l;
    }

    private static void harvestCommands(Setup setup, Probes probes) {
        for (SimulatedRouter router : setup.routers) {
            for (ReceivedCommand command : router.receivedCommands()) {
                Matcher m = PROBE_IN_COMMAND.matcher(command.command());
                if (m.find() && probes.sent.containsKey(Long.parseLong(m.group(1)))) {
                    probes.commanded.putIfAbsent(Long.parseLong(m.group(1)), command.receivedAt());
                }
            }
        }
    }

    /** Reads the probes' detection events (opmas.findings.detected) and finding events (opmas.findings). */
    private static void consumeEvents(BenchStack stack, String findingType, Probes probes, AtomicBoolean running,
                                      CountDownLatch positioned) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.FINDINGS, Topics.FINDINGS_DETECTED)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before probes are sent
            positioned.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    Instant arrived = Instant.now();
                    JsonNode event = BenchHttp.JSON.readTree(record.value());
                    if (Topics.FINDINGS_DETECTED.equals(record.topic())) {
                        if (findingType.equals(event.path("finding_type").asText())) {
                            probes.detected.putIfAbsent(event.path("details").path("probe").asLong(),
                                    Instant.parse(event.path("detected_at").asText()));
                        }
                        continue;
                    }
                    JsonNode finding = event.path("finding");
                    if ("created".equals(event.path("type").asText()) && findingType.equals(finding.path("finding_type").asText())) {
                        long probe = finding.path("details").path("probe").asLong();
                        probes.inserted.putIfAbsent(probe, Instant.parse(finding.path("created_at").asText()));
                        probes.committed.putIfAbsent(probe, arrived);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable event", e);
        }
    }

    /**
     * Background sources, probe routers (SSH simulators registered as devices), the probe rule and
     * playbook. {@code tag} keeps names, addresses (blocks {@code block} and {@code block + 1}) and the
     * finding type apart when several scenarios share one stack.
     */
    static final class Setup implements AutoCloseable {
        final String tag;
        final SimulatedFleet fleet;
        final List<SimulatedRouter> routers;
        final List<DatagramChannel> probeSockets = new ArrayList<>();
        final SyslogLoad load;

        private Setup(String tag, SimulatedFleet fleet, SyslogLoad load) {
            this.tag = tag;
            this.fleet = fleet;
            this.routers = fleet.routers();
            this.load = load;
        }

        String findingType() {
            return "bench_probe_" + tag;
        }

        static Setup create(BenchStack stack, String tag, int routerCount, int sources, int block) throws IOException {
            SimulatedFleet fleet = SimulatedFleet.start(tag + "-probe", routerCount, List.of(), block);
            Setup setup = new Setup(tag, fleet, IngestScenario.registerSources(stack, sources, block + 1));
            fleet.routers().forEach(stack::registerRouter);
            for (SimulatedRouter router : fleet.routers()) {
                DatagramChannel channel = DatagramChannel.open();
                channel.bind(new InetSocketAddress(router.host(), 0));
                channel.connect(new InetSocketAddress("127.0.0.1", stack.syslogPort()));
                setup.probeSockets.add(channel);
            }
            long agent = stack.createAgent("bench-probe-" + tag);
            stack.createRule(agent, Map.of("name", "BenchProbe", "rule_type", "match", "is_active", true,
                    "conditions", Map.of("program", List.of("opmasbench"), "message_regex", "^" + tag + " probe (?<probe>[0-9]{1,18})$",
                            "group_by", List.of("probe"), "cooldown_seconds", 0),
                    "actions", Map.of("finding_type", setup.findingType(), "severity", "warning", "description", "bench probe {probe}")));
            stack.createPlaybook(Map.of("name", "bench-probe-ack-" + tag, "trigger_type", "finding", "is_active", true,
                    "trigger_conditions", Map.of("finding_type", setup.findingType()),
                    "steps", List.of(Map.of("action_type", "ssh_command",
                            "action_config", Map.of("command", "echo probe-{{details.probe:int}}")))));
            // Rules reload within 2 s on every engine instance; wait until a probe goes all the way through.
            warmUp(stack, setup);
            return setup;
        }

        private static void warmUp(BenchStack stack, Setup setup) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long probe = 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                Probes probes = new Probes();
                try {
                    measure(stack, setup, setup.load, probes, 0, 0, 1, 2, probe);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                probe += 2;
                if (!probes.commanded.isEmpty()) {
                    return;
                }
            }
            throw new IllegalStateException("no probe reached a router within 90 s: see the services' logs under "
                    + stack.home().resolve("logs"));
        }

        @Override
        public void close() {
            probeSockets.forEach(c -> {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing anyway
                }
            });
            load.close();
            fleet.close();
        }
    }
}
