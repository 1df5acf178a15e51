package org.opmas.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.SeedRules;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.model.RuleCompiler;
import org.opmas.agent.engine.model.RuleSpec;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of {@link RuleEngine#evaluate} on one thread with the seeded default rules, and with
 * the rule set grown to 50 and 200 rules. Events are a realistic OpenWrt mix over 500 devices
 * (mostly noise, some SSH failures, deauths, netifd transitions, OOM kills) with event time
 * advancing 1 ms per event. Not part of the test run:
 * {@code ./mvnw -o -pl agent-service test-compile exec:exec} is not configured; run
 * {@code java -cp <test classpath> org.opmas.agent.bench.RuleEngineBenchmark} (see docs/benchmarks/agent-service.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBenchmark {

    /** 16 = the seeded catalogue; 10 = its first ten rules; 50 / 200 = catalogue + generated rules. */
    @Param({"10", "16", "50", "200"})
    public int rules;

    private RuleEngine engine;
    private DeviceLogEvent[] events;
    private int next;

    @Setup
    public void setup() {
        List<CompiledRule> set = new ArrayList<>(SeedRules.compiled());
        if (rules < set.size()) {
            set = new ArrayList<>(set.subList(0, rules));
        }
        String[] programs = {"hostapd", "dropbear", "netifd", "kernel", "dnsmasq-dhcp", "procd", "pppd", "odhcpd"};
        for (int i = set.size(); i < rules; i++) {
            String program = programs[i % programs.length];
            JsonNode conditions = EventJson.fromJson("{\"program\":[\"" + program + "\"],\"message_regex\":\"^(?<iface>[\\\\w.-]+): custom event "
                    + i + " (?<value>\\\\d+)\",\"group_by\":[\"iface\"],\"threshold\":5,\"window_seconds\":60,\"cooldown_seconds\":300}",
                    JsonNode.class);
            JsonNode actions = EventJson.fromJson("{\"finding_type\":\"custom_" + i + "\",\"severity\":\"info\",\"description\":\"{iface}\"}",
                    JsonNode.class);
            set.add(RuleCompiler.compile(new RuleSpec(1000 + i, "Custom" + i, 9, "custom", 0, "threshold", conditions, actions, "v")));
        }
        engine = new RuleEngine(Clock.systemUTC(), 100_000, RuleEngine.Listener.NONE);
        engine.load(set);
        events = mix(65_536);
    }

    static DeviceLogEvent[] mix(int n) {
        Random random = new Random(42);
        Instant t = Instant.parse("2026-11-27T00:00:00Z");
        DeviceLogEvent[] out = new DeviceLogEvent[n];
        for (int i = 0; i < n; i++) {
            long device = 1 + random.nextInt(500);
            String mac = String.format("3c:22:fb:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256));
            int kind = random.nextInt(100);
            String program;
            String message;
            if (kind < 30) {
                program = "dnsmasq-dhcp";
                message = "DHCPACK(br-lan) 192.168.1." + random.nextInt(250) + " " + mac + " phone";
            } else if (kind < 55) {
                program = "hostapd";
                message = "wlan0: STA " + mac + " WPA: pairwise key handshake completed (RSN)";
            } else if (kind < 65) {
                program = "hostapd";
                message = "wlan0: STA " + mac + " IEEE 802.11: deauthenticated due to local deauth request";
            } else if (kind < 75) {
                program = "dropbear";
                message = "Bad password attempt for 'root' from 198.51.100." + random.nextInt(20) + ":" + (40000 + random.nextInt(20000));
            } else if (kind < 85) {
                program = "netifd";
                message = "Interface 'wan' is now " + (random.nextBoolean() ? "up" : "down");
            } else if (kind < 95) {
                program = "kernel";
                message = "[ 1234.567890] br-lan: port 2(lan2) entered forwarding state";
            } else if (kind < 97) {
                program = "kernel";
                message = "Out of memory: Killed process " + random.nextInt(5000) + " (dnsmasq) total-vm:12345kB";
            } else {
                program = "uhttpd";
                message = "GET /cgi-bin/luci HTTP/1.1 200";
            }
            t = t.plusMillis(1);
            out[i] = new DeviceLogEvent(UUID.randomUUID(), device, "ap-" + device, null, t, t, 3, 6, program, 1234, null, message,
                    message, LogFormat.RFC3164, null, null);
        }
        return out;
    }

    @Benchmark
    public int evaluate() {
        DeviceLogEvent e = events[next++ & (events.length - 1)];
        return engine.evaluate(e, 0, true).size();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RuleEngineBenchmark.class.getSimpleName()).build()).run();
    }
}
