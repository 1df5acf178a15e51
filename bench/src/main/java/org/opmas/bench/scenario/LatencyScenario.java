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

/**
 * Detection latency (probe line sent → its finding's {@code created} event on {@code opmas.findings},
 * which finding-service publishes only after the commit) and action latency (that event → the
 * playbook's command arriving at the simulated router, no approval), under background syslog at
 * fractions of a given sustainable rate. Options: {@code --rate 20000 --fractions 10,50,90
 * --seconds 20 --probes-per-second 10 --probe-routers 10 --sources 100}.
 */
public final class LatencyScenario implements Scenario {

    private static final Pattern PROBE_IN_COMMAND = Pattern.compile("probe-'?(\\d+)");

    /** Probe timings, filled by the sender, the findings consumer and the routers. */
    static final class Probes {
        final Map<Long, Instant> sent = new ConcurrentHashMap<>();
        final Map<Long, Instant> committed = new ConcurrentHashMap<>();
        final Map<Long, Instant> commanded = new ConcurrentHashMap<>();
    }

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) throws Exception {
        int rate = options.integer("rate", 20_000);
        List<Integer> fractions = options.integers("fractions", List.of(10, 50, 90));
        int seconds = options.integer("seconds", 20);
        int probesPerSecond = options.integer("probes-per-second", 10);
        int routerCount = options.integer("probe-routers", 10);
        int sources = options.integer("sources", 100);

        Table table = report.table(new Table("latency: probe line → finding committed → command on the router ("
                + probesPerSecond + " probes/s, " + seconds + " s per load)",
                "background lines/s", "probes", "detected", "detect p50 ms", "detect p99 ms", "detect max ms",
                "acted", "action p50 ms", "action p99 ms", "action max ms"));
        ArrayNode results = report.json().putArray("loads");
        try (Setup setup = Setup.create(stack, "latency", routerCount, sources, 62)) {
            long nextProbe = 1;
            for (int fraction : fractions) {
                int background = rate * fraction / 100;
                Probes probes = new Probes();
                long first = nextProbe;
                nextProbe = measure(stack, setup, setup.load, probes, background, seconds, probesPerSecond, first);
                Percentiles detect = new Percentiles();
                Percentiles act = new Percentiles();
                collect(probes, detect, act);
                table.row(background, nextProbe - first, detect.count(), detect.millis(50), detect.millis(99),
                        detect.maxMillis(), act.count(), act.millis(50), act.millis(99), act.maxMillis());
                ObjectNode json = results.addObject();
                json.put("background_per_s", background).put("probes", nextProbe - first)
                        .put("detected", detect.count()).put("detect_p50_ms", detect.millis(50))
                        .put("detect_p99_ms", detect.millis(99)).put("detect_max_ms", detect.maxMillis())
                        .put("acted", act.count()).put("action_p50_ms", act.millis(50))
                        .put("action_p99_ms", act.millis(99)).put("action_max_ms", act.maxMillis());
            }
        }
    }

    /** Runs one load level; returns the next free probe number. */
    static long measure(BenchStack stack, Setup setup, SyslogLoad load, Probes probes, int background, int seconds,
                        int probesPerSecond, long firstProbe) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch positioned = new CountDownLatch(1);
        Thread consumer = Threads.start("bench-findings", () -> consumeFindings(stack, setup.findingType(), probes, running, positioned));
        if (!positioned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not read opmas.findings within 30 s");
        }
        Thread loadThread = null;
        if (background > 0) {
            loadThread = Threads.start("bench-load", () -> load.run(background, seconds));
        }
        long probe = firstProbe;
        long intervalNanos = 1_000_000_000L / probesPerSecond;
        long start = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
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

    static void collect(Probes probes, Percentiles detect, Percentiles act) {
        probes.sent.forEach((probe, sent) -> {
            Instant committed = probes.committed.get(probe);
            if (committed != null) {
                detect.recordNanos(Duration.between(sent, committed).toNanos());
                Instant commanded = probes.commanded.get(probe);
                if (commanded != null) {
                    act.recordNanos(Duration.between(committed, commanded).toNanos());
                }
            }
        });
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

    private static void consumeFindings(BenchStack stack, String findingType, Probes probes, AtomicBoolean running,
                                        CountDownLatch positioned) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("opmas.findings").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before probes are sent
            positioned.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    Instant arrived = Instant.now();
                    JsonNode event = BenchHttp.JSON.readTree(record.value());
                    JsonNode finding = event.path("finding");
                    if ("created".equals(event.path("type").asText()) && findingType.equals(finding.path("finding_type").asText())) {
                        probes.committed.putIfAbsent(finding.path("details").path("probe").asLong(), arrived);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable FindingEvent", e);
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
                    measure(stack, setup, setup.load, probes, 0, 1, 2, probe);
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
