package org.opmas.agent.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.model.EventFilter;
import org.opmas.agent.engine.model.RuleType;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.EventIds;

/**
 * The streaming rule engine: pure Java, no Quarkus, no Kafka. Feed it device log events (with a
 * resolved device id) and the shard (Kafka partition) they came from; it keeps per rule, per
 * device, per group key window state and returns the detections that fire.
 *
 * <p>Windows and cooldowns run on event time (the router's timestamp), so replaying the same events
 * after a restart rebuilds the same state and yields the same detection ids. With
 * {@code emit = false} (replay) state and cooldowns advance but nothing is returned. Absence is the
 * exception: it is judged against the wall clock in {@link #tick}.
 *
 * <p>Memory is bounded: expired keys are swept by {@link #tick}, and each rule holds at most
 * {@code maxKeysPerRule} keys; beyond that the least recently updated key is evicted and counted.
 * Thread-safe by monitor: the consumer, the replayer and the timer call in from different threads.
 */
public final class RuleEngine {

    /** What the engine needs to know about devices when a timer fires. */
    @FunctionalInterface
    public interface DeviceLookup {
        /** True if the device exists and is expected to log (status active). */
        boolean isMonitored(long deviceId);
    }

    /** Observes detections and evictions (metrics). */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void detected(CompiledRule rule, DetectionEvent detection) {
        }

        default void evicted(CompiledRule rule, String reason, int count) {
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final int MAX_VALUE_CHARS = 256;
    private static final long SWEEP_SLACK_MILLIS = 60_000;
    private static final CompiledRule[] NO_RULES = new CompiledRule[0];

    private final Clock clock;
    private final int maxKeysPerRule;
    private final Listener listener;
    private final Map<Long, RuleState> states = new HashMap<>();
    private Map<String, CompiledRule[]> byProgram = Map.of();
    private CompiledRule[] anyProgram = NO_RULES;
    private List<CompiledRule> rules = List.of();

    public final LongAdder eventsEvaluated = new LongAdder();
    public final LongAdder ruleEvaluations = new LongAdder();
    public final LongAdder detections = new LongAdder();
    public final LongAdder evictedExpired = new LongAdder();
    public final LongAdder evictedOverflow = new LongAdder();

    public RuleEngine(Clock clock, int maxKeysPerRule, Listener listener) {
        if (maxKeysPerRule < 1) {
            throw new IllegalArgumentException("maxKeysPerRule must be >= 1");
        }
        this.clock = clock;
        this.maxKeysPerRule = maxKeysPerRule;
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /**
     * Installs a rule set (active rules of active agents). A rule keeps its state when its version
     * is unchanged; a changed or removed rule loses it (its meaning may have changed).
     */
    public synchronized void load(List<CompiledRule> newRules) {
        List<CompiledRule> sorted = new ArrayList<>(newRules);
        sorted.sort(Comparator.comparingInt(CompiledRule::priority).reversed().thenComparingLong(CompiledRule::ruleId));
        Map<Long, RuleState> kept = new HashMap<>();
        for (CompiledRule rule : sorted) {
            RuleState old = states.get(rule.ruleId());
            if (old != null && old.rule.version().equals(rule.version())) {
                old.rule = rule;
                kept.put(rule.ruleId(), old);
            } else {
                kept.put(rule.ruleId(), new RuleState(rule));
            }
        }
        states.clear();
        states.putAll(kept);
        List<CompiledRule> any = new ArrayList<>();
        Map<String, List<CompiledRule>> index = new HashMap<>();
        for (CompiledRule rule : sorted) {
            Set<String> programs = rule.indexPrograms();
            if (programs == null) {
                any.add(rule);
            } else {
                programs.forEach(p -> index.computeIfAbsent(p, k -> new ArrayList<>()).add(rule));
            }
        }
        Map<String, CompiledRule[]> merged = new HashMap<>();
        index.forEach((program, list) -> {
            List<CompiledRule> all = new ArrayList<>(list);
            all.addAll(any);
            all.sort(Comparator.comparingInt(CompiledRule::priority).reversed().thenComparingLong(CompiledRule::ruleId));
            merged.put(program, all.toArray(NO_RULES));
        });
        byProgram = merged;
        anyProgram = any.toArray(NO_RULES);
        rules = List.copyOf(sorted);
    }

    public synchronized List<CompiledRule> rules() {
        return rules;
    }

    /** How far back a restart must replay to rebuild every window (longest window + cooldown). */
    public synchronized long lookbackMillis() {
        return rules.stream().mapToLong(CompiledRule::lookbackMillis).max().orElse(0);
    }

    /**
     * Evaluates one event (device id already resolved).
     *
     * @param shard the Kafka partition it came from: state is dropped per shard on revocation
     * @param emit  false while replaying: state advances, nothing is returned
     */
    public synchronized List<DetectionEvent> evaluate(DeviceLogEvent event, int shard, boolean emit) {
        if (event.deviceId() == null) {
            throw new IllegalArgumentException("event " + event.id() + " has no device id");
        }
        eventsEvaluated.increment();
        CompiledRule[] candidates = anyProgram;
        if (event.program() != null) {
            CompiledRule[] indexed = byProgram.get(lower(event.program()));
            if (indexed != null) {
                candidates = indexed;
            }
        }
        ruleEvaluations.add(candidates.length);
        List<DetectionEvent> out = null;
        for (CompiledRule rule : candidates) {
            DetectionEvent d = switch (rule.type()) {
                case MATCH -> match(rule, event, shard);
                case THRESHOLD -> threshold(rule, event, shard);
                case AGGREGATE -> aggregate(rule, event, shard);
                case SEQUENCE -> sequence(rule, event, shard);
                case ABSENCE -> absenceSeen(rule, event, shard);
            };
            if (d != null && emit) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(d);
                detections.increment();
                listener.detected(rule, d);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * Timer work: fires absence rules for monitored devices that have gone silent, and sweeps
     * expired window state. Call every second or so.
     */
    public synchronized List<DetectionEvent> tick(DeviceLookup devices) {
        long now = clock.millis();
        List<DetectionEvent> out = new ArrayList<>();
        for (RuleState rs : states.values()) {
            CompiledRule rule = rs.rule;
            int expired = 0;
            Iterator<KeyState> it = rs.keys.values().iterator();
            while (it.hasNext()) {
                KeyState st = it.next();
                if (rule.type() == RuleType.ABSENCE) {
                    if (now - st.lastSeen >= rule.windowMillis() && st.firedFor != st.lastSeen && now >= st.cooldownUntil
                            && devices.isMonitored(st.deviceId)) {
                        st.firedFor = st.lastSeen;
                        st.cooldownUntil = now + rule.cooldownMillis();
                        Map<String, String> values = baseValues(rule, st);
                        values.put("silence_seconds", Long.toString(rule.windowMillis() / 1000));
                        values.put("last_seen_at", Instant.ofEpochMilli(st.lastSeen).toString());
                        DetectionEvent d = detection(rule, st, values, st.lastEventId == null ? List.of() : List.of(st.lastEventId),
                                null, Instant.ofEpochMilli(st.lastSeen), Instant.ofEpochMilli(now), Instant.ofEpochMilli(st.lastSeen));
                        out.add(d);
                        detections.increment();
                        listener.detected(rule, d);
                    }
                    if (now - st.lastSeen > CompiledRuleLimits.ABSENCE_FORGET_MILLIS) {
                        it.remove();
                        expired++;
                    }
                } else if (rule.type() == RuleType.SEQUENCE && rule.thenMissing() && st.lastSeen != Long.MIN_VALUE
                        && now - st.lastSeen >= rule.windowMillis()) {
                    long armedAt = st.lastSeen;
                    st.lastSeen = Long.MIN_VALUE;
                    if (now >= st.cooldownUntil) {
                        st.cooldownUntil = now + rule.cooldownMillis();
                        Map<String, String> values = baseValues(rule, st);
                        if (st.captures != null) {
                            values.putAll(st.captures);
                        }
                        values.put("count", Integer.toString(st.samples().size()));
                        values.put("first_count", Integer.toString(rule.firstCount()));
                        values.put("within_seconds", Long.toString(rule.windowMillis() / 1000));
                        Instant start = Instant.ofEpochMilli(armedAt);
                        DetectionEvent d = detection(rule, st, values, ids(st.samples()), (long) st.samples().size(), start,
                                Instant.ofEpochMilli(now), start);
                        st.samples().clear();
                        out.add(d);
                        detections.increment();
                        listener.detected(rule, d);
                    }
                } else if (now - st.touchedWall > rule.lookbackMillis() + SWEEP_SLACK_MILLIS) {
                    it.remove();
                    expired++;
                }
            }
            if (expired > 0) {
                evictedExpired.add(expired);
                listener.evicted(rule, "expired", expired);
            }
        }
        return out;
    }

    /** Forgets the state of partitions this instance no longer owns. */
    public synchronized void dropShards(Collection<Integer> shards) {
        Set<Integer> drop = new HashSet<>(shards);
        for (RuleState rs : states.values()) {
            rs.keys.values().removeIf(st -> drop.contains(st.shard));
        }
    }

    /** Forgets everything (tests, and a full reload of assignments). */
    public synchronized void clearState() {
        states.values().forEach(rs -> rs.keys.clear());
    }

    public synchronized int stateKeys() {
        int n = 0;
        for (RuleState rs : states.values()) {
            n += rs.keys.size();
        }
        return n;
    }

    public synchronized int stateKeys(long ruleId) {
        RuleState rs = states.get(ruleId);
        return rs == null ? 0 : rs.keys.size();
    }

    // --- evaluators -------------------------------------------------------------------------------

    private DetectionEvent match(CompiledRule rule, DeviceLogEvent e, int shard) {
        Map<String, String> caps = rule.filter().match(e);
        if (caps == null) {
            return null;
        }
        long t = e.timestamp().toEpochMilli();
        KeyState st = state(rule, e, caps, shard);
        if (t < st.cooldownUntil) {
            return null;
        }
        st.cooldownUntil = t + rule.cooldownMillis();
        Map<String, String> values = values(rule, e, caps);
        values.put("message", e.message());
        return detection(rule, st, values, List.of(e.id()), 1L, e.timestamp(), e.timestamp(), e.timestamp());
    }

    private DetectionEvent threshold(CompiledRule rule, DeviceLogEvent e, int shard) {
        Map<String, String> caps = rule.filter().match(e);
        if (caps == null) {
            return null;
        }
        long t = e.timestamp().toEpochMilli();
        KeyState st = state(rule, e, caps, shard);
        ArrayDeque<Sample> w = st.samples();
        w.addLast(new Sample(t, e.id(), 0));
        slide(w, t, rule.windowMillis(), rule.threshold());
        if (w.size() < rule.threshold() || t < st.cooldownUntil) {
            return null;
        }
        Map<String, String> values = values(rule, e, caps);
        values.put("count", Integer.toString(w.size()));
        values.put("threshold", Integer.toString(rule.threshold()));
        values.put("window_seconds", Long.toString(rule.windowMillis() / 1000));
        Instant start = Instant.ofEpochMilli(w.peekFirst().time);
        DetectionEvent d = detection(rule, st, values, ids(w), (long) w.size(), start, e.timestamp(), start);
        st.cooldownUntil = t + rule.cooldownMillis();
        w.clear();
        return d;
    }

    private DetectionEvent aggregate(CompiledRule rule, DeviceLogEvent e, int shard) {
        Map<String, String> caps = rule.filter().match(e);
        if (caps == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(caps.getOrDefault(rule.valueName(), ""));
        } catch (NumberFormatException notANumber) {
            return null;
        }
        long t = e.timestamp().toEpochMilli();
        KeyState st = state(rule, e, caps, shard);
        ArrayDeque<Sample> w = st.samples();
        double agg = addReading(st, rule, new Sample(t, e.id(), value));
        if (w.size() < rule.minSamples() || t < st.cooldownUntil) {
            return null;
        }
        if (!rule.operator().test(agg, rule.bound())) {
            return null;
        }
        Map<String, String> values = values(rule, e, caps);
        values.put("aggregate", format(agg));
        values.put("function", rule.function().name().toLowerCase(java.util.Locale.ROOT));
        values.put("bound", format(rule.bound()));
        values.put("samples", Integer.toString(w.size()));
        values.put("window_seconds", Long.toString(rule.windowMillis() / 1000));
        Instant start = Instant.ofEpochMilli(w.peekFirst().time);
        DetectionEvent d = detection(rule, st, values, ids(w), (long) w.size(), start, e.timestamp(), start);
        st.cooldownUntil = t + rule.cooldownMillis();
        w.clear();
        st.sum = 0;
        if (st.extrema != null) {
            st.extrema.clear();
        }
        return d;
    }

    /**
     * Adds a reading to an aggregate window, slides it, and returns the window's aggregate. Keeps a
     * running sum and, for min/max, a monotonic queue of candidates, so a reading costs O(1)
     * amortised: a window can hold {@link org.opmas.agent.engine.model.RuleCompiler#MAX_SAMPLES}
     * readings, and a pass over it per event made many aggregate rules quadratic.
     */
    private static double addReading(KeyState st, CompiledRule rule, Sample reading) {
        ArrayDeque<Sample> w = st.samples();
        CompiledRule.AggregateFunction f = rule.function();
        w.addLast(reading);
        st.sum += reading.value;
        ArrayDeque<Sample> x = null;
        if (f == CompiledRule.AggregateFunction.MIN || f == CompiledRule.AggregateFunction.MAX) {
            x = st.extrema == null ? (st.extrema = new ArrayDeque<>(4)) : st.extrema;
            boolean min = f == CompiledRule.AggregateFunction.MIN;
            while (!x.isEmpty() && (min ? x.peekLast().value >= reading.value : x.peekLast().value <= reading.value)) {
                x.removeLast();
            }
            x.addLast(reading);
        }
        long cutoff = reading.time - rule.windowMillis();
        while (!w.isEmpty() && (w.peekFirst().time <= cutoff
                || w.size() > org.opmas.agent.engine.model.RuleCompiler.MAX_SAMPLES)) {
            Sample gone = w.removeFirst();
            st.sum -= gone.value;
            if (x != null && x.peekFirst() == gone) {
                x.removeFirst();
            }
        }
        if (w.isEmpty()) {
            st.sum = 0;
            return Double.NaN;
        }
        return switch (f) {
            case AVG -> st.sum / w.size();
            case SUM -> st.sum;
            case MIN, MAX -> x.peekFirst().value;
        };
    }

    private DetectionEvent sequence(CompiledRule rule, DeviceLogEvent e, int shard) {
        long t = e.timestamp().toEpochMilli();
        Map<String, String> capsA = rule.first().match(e);
        if (capsA != null) {
            KeyState st = state(rule, e, capsA, shard);
            ArrayDeque<Sample> w = st.samples();
            w.addLast(new Sample(t, e.id(), 0));
            slide(w, t, rule.windowMillis(), Math.max(rule.firstCount(), 1));
            if (rule.thenMissing() && w.size() >= rule.firstCount() && st.lastSeen == Long.MIN_VALUE) {
                // armed: B must follow within the window (judged on the collector's clock by tick)
                st.lastSeen = (e.receivedAt() != null ? e.receivedAt() : e.timestamp()).toEpochMilli();
                st.lastEventId = e.id();
                st.hostname = e.hostname();
                st.captures = capsA;
            }
            return null;
        }
        Map<String, String> capsB = rule.then().match(e);
        if (capsB == null) {
            return null;
        }
        String key = stateKey(e.deviceId(), groupKey(rule, e, capsB));
        RuleState rs = states.get(rule.ruleId());
        KeyState st = rs.keys.get(key);
        if (st == null) {
            return null; // B without any A: nothing to remember
        }
        st.touch(shard, clock.millis());
        ArrayDeque<Sample> w = st.samples();
        if (rule.thenMissing()) {
            st.lastSeen = Long.MIN_VALUE; // B arrived in time: disarm
            w.clear();
            return null;
        }
        slide(w, t, rule.windowMillis(), Integer.MAX_VALUE);
        if (w.size() < rule.firstCount() || t < st.cooldownUntil) {
            return null;
        }
        Map<String, String> values = values(rule, e, capsB);
        values.put("count", Integer.toString(w.size()));
        values.put("first_count", Integer.toString(rule.firstCount()));
        values.put("within_seconds", Long.toString(rule.windowMillis() / 1000));
        List<UUID> evidence = new ArrayList<>(ids(w));
        evidence.add(e.id());
        Instant start = Instant.ofEpochMilli(w.peekFirst().time);
        DetectionEvent d = detection(rule, st, values, evidence, (long) w.size() + 1, start, e.timestamp(), start);
        st.cooldownUntil = t + rule.cooldownMillis();
        w.clear();
        return d;
    }

    private DetectionEvent absenceSeen(CompiledRule rule, DeviceLogEvent e, int shard) {
        if (rule.filter().match(e) == null) {
            return null;
        }
        KeyState st = state(rule, e, EventFilter.NO_CAPTURES, shard);
        long seen = (e.receivedAt() != null ? e.receivedAt() : e.timestamp()).toEpochMilli();
        if (seen > st.lastSeen) {
            st.lastSeen = seen;
            st.lastEventId = e.id();
            st.hostname = e.hostname();
        }
        return null;
    }

    // --- state --------------------------------------------------------------------------------------

    private static final class CompiledRuleLimits {
        static final long ABSENCE_FORGET_MILLIS = org.opmas.agent.engine.model.RuleCompiler.MAX_WINDOW_SECONDS * 2000L;
    }

    private record Sample(long time, UUID id, double value) {
    }

    private final class RuleState {
        CompiledRule rule;
        final LinkedHashMap<String, KeyState> keys;

        RuleState(CompiledRule rule) {
            this.rule = rule;
            this.keys = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, KeyState> eldest) {
                    if (size() > maxKeysPerRule) {
                        evictedOverflow.increment();
                        listener.evicted(RuleState.this.rule, "overflow", 1);
                        return true;
                    }
                    return false;
                }
            };
        }
    }

    private static final class KeyState {
        final long deviceId;
        final String groupKey;
        int shard;
        long touchedWall;
        long cooldownUntil = Long.MIN_VALUE;
        ArrayDeque<Sample> samples;
        /** Aggregate rules: running sum of {@link #samples} and min/max candidates (see addReading). */
        double sum;
        ArrayDeque<Sample> extrema;
        long lastSeen = Long.MIN_VALUE;
        long firedFor = Long.MIN_VALUE;
        UUID lastEventId;
        String hostname;
        Map<String, String> captures;
        Map<String, String> group;

        KeyState(long deviceId, String groupKey) {
            this.deviceId = deviceId;
            this.groupKey = groupKey;
        }

        ArrayDeque<Sample> samples() {
            if (samples == null) {
                samples = new ArrayDeque<>(4);
            }
            return samples;
        }

        void touch(int shard, long now) {
            this.shard = shard;
            this.touchedWall = now;
        }
    }

    private KeyState state(CompiledRule rule, DeviceLogEvent e, Map<String, String> caps, int shard) {
        RuleState rs = states.get(rule.ruleId());
        String groupKey = groupKey(rule, e, caps);
        String key = stateKey(e.deviceId(), groupKey);
        KeyState st = rs.keys.get(key);
        if (st == null) {
            st = new KeyState(e.deviceId(), groupKey);
            if (!rule.groupBy().isEmpty()) {
                st.group = new LinkedHashMap<>();
                for (String g : rule.groupBy()) {
                    String v = field(g, e, caps);
                    if (v != null) {
                        st.group.put(g, v);
                    }
                }
            }
            rs.keys.put(key, st);
        }
        st.touch(shard, clock.millis());
        return st;
    }

    private static String stateKey(long deviceId, String groupKey) {
        return groupKey.isEmpty() ? Long.toString(deviceId) : deviceId + "\u001f" + groupKey;
    }

    private static String groupKey(CompiledRule rule, DeviceLogEvent e, Map<String, String> caps) {
        List<String> groupBy = rule.groupBy();
        if (groupBy.isEmpty()) {
            return "";
        }
        if (groupBy.size() == 1) {
            String v = field(groupBy.get(0), e, caps);
            return v == null ? "-" : v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groupBy.size(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            String v = field(groupBy.get(i), e, caps);
            sb.append(v == null ? "-" : v);
        }
        return sb.toString();
    }

    private static String field(String name, DeviceLogEvent e, Map<String, String> caps) {
        String captured = caps.get(name);
        if (captured != null) {
            return captured;
        }
        return switch (name) {
            case "device_id" -> e.deviceId() == null ? null : e.deviceId().toString();
            case "hostname" -> e.hostname();
            case "source_ip" -> e.sourceIp();
            case "program" -> e.program();
            case "facility" -> e.facility() == null ? null : e.facility().toString();
            case "severity" -> e.severity() == null ? null : e.severity().toString();
            default -> null;
        };
    }

    /** Drops samples older than the window (relative to the newest) and keeps at most {@code cap}. */
    private static void slide(ArrayDeque<Sample> w, long now, long windowMillis, int cap) {
        long cutoff = now - windowMillis;
        while (!w.isEmpty() && w.peekFirst().time <= cutoff) {
            w.removeFirst();
        }
        while (w.size() > cap) {
            w.removeFirst();
        }
    }

    private static List<UUID> ids(ArrayDeque<Sample> w) {
        List<UUID> ids = new ArrayList<>(w.size());
        for (Sample s : w) {
            ids.add(s.id);
        }
        return DetectionEvent.capEvidence(ids);
    }

    // --- detections ---------------------------------------------------------------------------------

    private static Map<String, String> values(CompiledRule rule, DeviceLogEvent e, Map<String, String> caps) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rule", rule.ruleName());
        values.put("agent", rule.agentName());
        values.put("device_id", Long.toString(e.deviceId()));
        putIfPresent(values, "hostname", e.hostname());
        putIfPresent(values, "source_ip", e.sourceIp());
        putIfPresent(values, "program", e.program());
        values.putAll(caps);
        return values;
    }

    private static Map<String, String> baseValues(CompiledRule rule, KeyState st) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rule", rule.ruleName());
        values.put("agent", rule.agentName());
        values.put("device_id", Long.toString(st.deviceId));
        putIfPresent(values, "hostname", st.hostname);
        return values;
    }

    private static void putIfPresent(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    private DetectionEvent detection(CompiledRule rule, KeyState st, Map<String, String> values, List<UUID> evidence,
            Long matchCount, Instant windowStart, Instant windowEnd, Instant anchor) {
        if (st.group != null) {
            values.putAll(st.group);
        }
        String fingerprint = fingerprint(rule, st.deviceId, st.groupKey);
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        values.forEach((k, v) -> {
            if (!k.equals("rule") && !k.equals("agent") && !k.equals("message")) {
                details.put(k, truncate(v, 1024));
            }
        });
        if (st.group != null) {
            details.put("group_key", truncate(st.groupKey, 1024));
        }
        return new DetectionEvent(DetectionEvent.deterministicId(rule.ruleId(), st.deviceId, fingerprint, anchor),
                rule.agentName(), rule.agentId(), rule.ruleName(), rule.ruleId(), st.deviceId, rule.findingType(),
                rule.severity(), render(rule.description(), values), details, evidence, matchCount, windowStart,
                windowEnd, clock.instant(), fingerprint, rule.shadow());
    }

    /** {@code agent:rule:device[:group key]}; a very long group key is replaced by its hash. */
    public static String fingerprint(CompiledRule rule, long deviceId, String groupKey) {
        String base = rule.agentName() + ":" + rule.ruleName() + ":" + deviceId;
        if (groupKey.isEmpty()) {
            return truncate(base, 256);
        }
        String fp = base + ":" + groupKey;
        if (fp.length() <= 256) {
            return fp;
        }
        return truncate(base, 216) + ":" + EventIds.nameBased("group-key", groupKey);
    }

    static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "?" : truncate(v, MAX_VALUE_CHARS)));
        }
        m.appendTail(sb);
        return truncate(sb.toString(), 4096);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return s;
    }
}
