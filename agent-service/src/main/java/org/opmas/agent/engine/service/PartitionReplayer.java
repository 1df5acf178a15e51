package org.opmas.agent.engine.service;

import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.opmas.schema.CloudEvents;

/**
 * Rebuilds window state after a partition is assigned: reads the partition with a separate,
 * group-less consumer from (now − longest rule lookback − slack), located with
 * {@code offsetsForTimes}, up to the offset the group consumer will resume from, and feeds every
 * record to the engine with {@code emit = false}. Detections those records caused were published
 * before the offset was committed, so they are re-armed (cooldowns) but not re-sent; records after
 * the committed offset are consumed live and produce the same deterministic ids if they fire.
 */
public final class PartitionReplayer {

    private final String bootstrapServers;
    private final LogRecordProcessor processor;
    private final Clock clock;
    private final Duration slack;
    private final Duration timeout;

    public PartitionReplayer(String bootstrapServers, LogRecordProcessor processor, Clock clock, Duration slack,
            Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.processor = processor;
        this.clock = clock;
        this.slack = slack;
        this.timeout = timeout;
    }

    /**
     * What a group member does when it is assigned partitions, on the consumer's polling thread before
     * any record of them is delivered: pins the group's start where it has none, then replays each
     * partition up to where the group resumes.
     * <p>
     * The pin is what makes the reset policy safe. Without a committed offset, a member that stops
     * before its first commit leaves the group with nothing to resume from, and its successor
     * resets to the end again: every line sent in between would be replayed silently ({@code emit = false})
     * instead of evaluated. Committing the reset position at once makes the start durable.
     *
     * @return records replayed
     */
    public long rebuildAssigned(Consumer<?, ?> groupConsumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = groupConsumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> resumeAt = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> pins = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long position = groupConsumer.position(tp); // committed offset, or the reset position
            resumeAt.put(tp, position);
            if (committed.get(tp) == null) {
                pins.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!pins.isEmpty()) {
            groupConsumer.commitSync(pins);
            Log.infof("No committed offset for %s: pinned the group's start at the reset position", pins.keySet());
        }
        return replay(resumeAt);
    }

    /**
     * @param resumeAt per partition, the first offset the live consumer will read (exclusive end)
     * @return records replayed
     */
    public long replay(Map<TopicPartition, Long> resumeAt) {
        if (resumeAt.isEmpty()) {
            return 0;
        }
        long lookback = processor.engine().lookbackMillis() + slack.toMillis();
        long from = clock.millis() - lookback;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "agent-engine-replay-" + Long.toHexString(System.nanoTime()));
        long replayed = 0;
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(resumeAt.keySet());
            Map<TopicPartition, Long> query = new HashMap<>();
            resumeAt.keySet().forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            Set<TopicPartition> pending = new HashSet<>();
            for (TopicPartition tp : resumeAt.keySet()) {
                OffsetAndTimestamp start = starts.get(tp);
                long end = resumeAt.get(tp);
                if (start != null && start.offset() < end) {
                    consumer.seek(tp, start.offset());
                    pending.add(tp);
                }
            }
            consumer.pause(difference(resumeAt.keySet(), pending));
            while (!pending.isEmpty()) {
                if (Duration.ofNanos(System.nanoTime() - started).compareTo(timeout) > 0) {
                    Log.warnf("Replay of %s stopped after %s; windows of those partitions are partial", pending, timeout);
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (!pending.contains(tp) || record.offset() >= resumeAt.get(tp)) {
                        continue;
                    }
                    processor.process(record.topic(), header(record, CloudEvents.TYPE), record.value(), record.partition(), false);
                    replayed++;
                }
                for (TopicPartition tp : Set.copyOf(pending)) {
                    if (consumer.position(tp) >= resumeAt.get(tp)) {
                        pending.remove(tp);
                        consumer.pause(Set.of(tp));
                    }
                }
            }
        }
        Log.infof("Rebuilt rule windows of %s from %d records (lookback %d ms) in %d ms", resumeAt.keySet(), replayed,
                lookback, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return replayed;
    }

    private static Set<TopicPartition> difference(Collection<TopicPartition> all, Set<TopicPartition> minus) {
        Set<TopicPartition> d = new HashSet<>(all);
        d.removeAll(minus);
        return d;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
