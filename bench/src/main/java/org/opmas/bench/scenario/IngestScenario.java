package org.opmas.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Fleet;
import org.opmas.bench.core.Poll;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Resources;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.SyslogLoad;
import org.opmas.bench.core.Table;

/**
 * Syslog over UDP at stepped fixed rates until loss or lag: per step, lines sent vs. records on
 * {@code opmas.device.logs} vs. events the rule engine evaluated, and how long each took to catch
 * up after the sender stopped, after an uncounted warm-up at the first rate. Options: {@code --sources 200
 * --rates 5000,10000,15000,20000,25000,30000,40000,45000,50000,60000 --step-seconds 20 --warmup-seconds 30 --max-lag-ms 2000}.
 */
public final class IngestScenario implements Scenario {

    static final String LOGS_TOPIC = "opmas.device.logs";
    static final String EVALUATED = "opmas_agent_events_evaluated_total";

    /** One rate step's outcome. */
    record Step(int target, SyslogLoad.Sent sent, long published, long evaluated, double kafkaLag, double agentLag) {
        long lost() {
            return sent.lines() - published;
        }

        boolean sustained(double maxLagSeconds) {
            return lost() == 0 && evaluated >= sent.lines() && kafkaLag <= maxLagSeconds && agentLag <= maxLagSeconds;
        }
    }

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) {
        int sources = options.integer("sources", 200);
        List<Integer> rates = options.integers("rates", List.of(5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 45_000,
                50_000, 60_000));
        int stepSeconds = options.integer("step-seconds", 20);
        int warmupSeconds = options.integer("warmup-seconds", 30);
        double maxLag = options.integer("max-lag-ms", 2000) / 1000.0;
        try (SyslogLoad load = registerSources(stack, sources, 60)) {
            Table table = report.table(new Table("ingest: UDP syslog at fixed rates (" + sources + " sources, "
                    + stepSeconds + " s per step, after " + warmupSeconds + " s of warm-up)", "target/s", "sent/s", "sender max backlog", "sent",
                    "on opmas.device.logs", "evaluated by rules", "lost", "kafka catch-up s", "rules catch-up s"));
            ArrayNode steps = report.json().putArray("steps");
            if (warmupSeconds > 0) {
                // A fresh stack spends its first minute compiling (JIT) in seven JVMs on two cores: the
                // steps measure the running system, so the first rate runs once, uncounted, before them.
                Step warmUp = step(stack, load, rates.get(0), warmupSeconds);
                System.out.printf("[bench] warm-up: %d lines at %d/s, %d lost (not counted)%n",
                        warmUp.sent().lines(), rates.get(0), warmUp.lost());
                report.json().put("warmup_s", warmupSeconds).put("warmup_per_s", rates.get(0));
            }
            int best = 0;
            for (int rate : rates) {
                Resources resources = Resources.start(stack);
                Step step = step(stack, load, rate, stepSeconds);
                ObjectNode json = steps.addObject();
                json.put("target_per_s", rate).put("sent", step.sent().lines()).put("sent_per_s", Math.round(step.sent().rate()))
                        .put("sender_max_backlog", step.sent().maxBacklog()).put("published", step.published())
                        .put("evaluated", step.evaluated()).put("lost", step.lost())
                        .put("kafka_catch_up_s", step.kafkaLag()).put("rules_catch_up_s", step.agentLag());
                json.set("resources", resources.finish(report, "resources during the " + rate + "/s step"));
                table.row(rate, step.sent().rate(), step.sent().maxBacklog(), step.sent().lines(), step.published(),
                        step.evaluated(), step.lost(), step.kafkaLag(), step.agentLag());
                if (!step.sustained(maxLag)) {
                    System.out.printf("[bench] %d/s is not sustained (lost %d, catch-up %.1f / %.1f s): stopping%n",
                            rate, step.lost(), step.kafkaLag(), step.agentLag());
                    break;
                }
                best = rate;
            }
            report.json().put("highest_sustained_zero_loss_per_s", best);
            report.table(new Table("ingest: result", "highest sustained zero-loss rate (lines/s)")).row(best);
        }
    }

    /** Registers {@code count} devices on 127.{@code block}.x.y and waits until ingest knows every one. */
    static SyslogLoad registerSources(BenchStack stack, int count, int block) {
        return registerSources(stack, 0, count, block);
    }

    /**
     * Registers sources {@code registered+1 … count} of 127.{@code block}.x.y (the first
     * {@code registered} exist already) and returns a load over all {@code count}, once ingest knows them.
     */
    static SyslogLoad registerSources(BenchStack stack, int registered, int count, int block) {
        List<String> hostnames = IntStream.rangeClosed(1, count).mapToObj(i -> "bench-" + block + "-" + i).toList();
        List<String> addresses = IntStream.rangeClosed(1, count).mapToObj(i -> Fleet.address(block, i)).toList();
        Fleet.register(count - registered, i -> stack.registerDevice(hostnames.get(registered + i - 1),
                addresses.get(registered + i - 1), null));
        SyslogLoad load = new SyslogLoad(addresses, hostnames, stack.syslogPort());
        // device-service learns devices from opmas.devices: until it has, their lines count as unknown.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long before = stack.endOffsets(LOGS_TOPIC);
            SyslogLoad.Sent sent = load.run(Math.max(count, 100), 1.0);
            Poll.Reached reached = Poll.until(() -> stack.endOffsets(LOGS_TOPIC) - before, sent.lines(),
                    Duration.ofSeconds(10), Duration.ofSeconds(2));
            if (reached.reached()) {
                return load;
            }
            if (System.nanoTime() > deadline) {
                load.close();
                throw new IllegalStateException("device-service did not accept lines from all " + count + " sources within 60 s");
            }
        }
    }

    static Step step(BenchStack stack, SyslogLoad load, int rate, int seconds) {
        long published0 = stack.endOffsets(LOGS_TOPIC);
        long evaluated0 = (long) stack.metric("agent-service", EVALUATED);
        SyslogLoad.Sent sent = load.run(rate, seconds);
        Poll.Reached kafka = Poll.until(() -> stack.endOffsets(LOGS_TOPIC) - published0, sent.lines(),
                Duration.ofSeconds(60), Duration.ofSeconds(3));
        Poll.Reached rules = Poll.until(() -> (long) stack.metric("agent-service", EVALUATED) - evaluated0,
                kafka.value(), Duration.ofSeconds(120), Duration.ofSeconds(5));
        return new Step(rate, sent, kafka.value(), rules.value(), kafka.seconds(), rules.seconds());
    }
}
