package org.opmas.agent.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Throughput of {@link RuleEngine#evaluate} on one thread: 10 rules (the first ten seeded rules), the
 * seeded catalogue (16), and the catalogue grown to 50 and 200 active rules with generated rules of a
 * realistic mix — match, threshold and aggregate in equal parts, spread over five daemons, with regexes
 * that match part of the traffic (so windows fill, fire, cool down and are evicted), not only misses.
 * Events are an OpenWrt mix over 500 devices (mostly noise, some SSH failures, deauths, netifd
 * transitions, OOM kills) with event time advancing 1 ms per event. Not part of the test run; one
 * command runs it (profile {@code bench} in agent-service/pom.xml, see docs/benchmarks/agent-service.md):
 * {@code ./mvnw -B -o -pl agent-service -Pbench process-test-classes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBenchmark {

    /** 10 = the first ten seeded rules; 16 = the seeded catalogue; 50 / 200 = catalogue + generated mix. */
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
        for (int i = set.size(); i < rules; i++) {
            set.add(generated(i));
        }
        engine = new RuleEngine(Clock.systemUTC(), 100_000, RuleEngine.Listener.NONE);
        engine.load(set);
        events = mix(65_536);
    }

    /** What an operator adds on top of the catalogue, per daemon: a match, a threshold and an aggregate pattern. */
    private static final String[][] PATTERNS = {
        // program, match regex, threshold regex (group "key"), aggregate regex (groups "key", "value")
        {"dnsmasq-dhcp", "^DHCPACK\\(br-lan\\) 192\\.168\\.1\\.(?<octet>%d) (?<mac>[0-9a-f:]{17})",
            "^DHCPACK\\((?<iface>[\\w.-]+)\\) [0-9.]+ (?<key>[0-9a-f:]{17})",
            "^DHCPACK\\(br-lan\\) 192\\.168\\.1\\.(?<value>\\d{1,3}) (?<key>3c:22:fb:%02x:[0-9a-f:]{5})"},
        {"hostapd", "^wlan\\d: STA 3c:22:fb:%02x:(?<mac>[0-9a-f:]{5}) WPA: pairwise key handshake completed",
            "^(?<iface>wlan\\d): STA (?<key>[0-9a-f:]{17}) IEEE 802\\.11: deauthenticated",
            "^(?<iface>wlan\\d): STA (?<key>[0-9a-f:]{17}) .*? reason[= ](?<value>\\d+)"},
        {"dropbear", "^Bad password attempt for '(?<user>[^']{0,64})' from 198\\.51\\.100\\.%d:\\d+$",
            "^Bad password attempt for '[^']{0,64}' from (?<key>[0-9.]+):\\d+$",
            "^Bad password attempt for '[^']{0,64}' from (?<key>[0-9.]+):(?<value>\\d+)$"},
        {"netifd", "^Interface '(?<iface>wan%d)' has link connectivity loss",
            "^Interface '(?<key>[\\w.-]+)' is now (?:up|down)$",
            "^Interface '(?<key>[\\w.-]+)' is now up after (?<value>\\d+) s$"},
        {"kernel", "^(?:\\[\\s*\\d+\\.\\d+\\] )?Out of memory: Killed process (?<pid>\\d*%d) \\((?<process>[^)]{1,64})\\)",
            "^(?:\\[\\s*\\d+\\.\\d+\\] )?(?<key>br-[\\w-]+): port \\d+\\([\\w.-]+\\) entered (?:forwarding|disabled) state",
            "^(?:\\[\\s*\\d+\\.\\d+\\] )?Out of memory: Killed process \\d+ \\((?<key>[^)]{1,64})\\) total-vm:(?<value>\\d+)kB"},
    };

    /** Generated rule number {@code i}: the daemon cycles fastest, then the type (match, threshold, aggregate). */
    static CompiledRule generated(int i) {
        String[] p = PATTERNS[i % PATTERNS.length];
        int type = (i / PATTERNS.length) % 3;
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.putArray("program").add(p[0]);
        String ruleType;
        switch (type) {
            case 0 -> {
                ruleType = "match";
                c.put("message_regex", String.format(java.util.Locale.ROOT, p[1], i % 20));
                c.put("cooldown_seconds", 60);
            }
            case 1 -> {
                ruleType = "threshold";
                c.put("message_regex", p[2]);
                c.putArray("group_by").add("key");
                c.put("threshold", 3 + i % 8);
                c.put("window_seconds", 30 + i % 90);
                c.put("cooldown_seconds", 300);
            }
            default -> {
                ruleType = "aggregate";
                c.put("message_regex", String.format(java.util.Locale.ROOT, p[3], i % 256));
                c.putArray("group_by").add("key");
                c.put("value", "value");
                c.put("function", i % 2 == 0 ? "avg" : "max");
                c.put("operator", "gt");
                c.put("bound", 100 + i);
                c.put("min_samples", 3);
                c.put("window_seconds", 60);
                c.put("cooldown_seconds", 600);
            }
        }
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("finding_type", "custom_" + i);
        a.put("severity", "info");
        a.put("description", "generated rule " + i + " on {device_id}");
        return RuleCompiler.compile(new RuleSpec(1000 + i, "Custom" + i, 9, "custom", 0, ruleType, c, a, "v"));
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

    /** Runs every rule count; pass JMH options (e.g. {@code -p rules=50 -wi 1 -i 1}) to narrow it down. */
    public static void main(String[] args) throws Exception {
        String[] jmh = new String[args.length + 1];
        jmh[0] = RuleEngineBenchmark.class.getName();
        System.arraycopy(args, 0, jmh, 1, args.length);
        org.openjdk.jmh.Main.main(jmh);
    }
}
