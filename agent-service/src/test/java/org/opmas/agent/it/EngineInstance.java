package org.opmas.agent.it;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.service.LogRecordProcessor;
import org.opmas.agent.engine.service.PartitionReplayer;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;

/**
 * A second engine instance in the test JVM: the production {@link RuleEngine},
 * {@link LogRecordProcessor} and {@link PartitionReplayer} behind a plain Kafka consumer loop that
 * does what the SmallRye channel and EngineRebalanceListener do (pin and replay on assignment with
 * the production {@link PartitionReplayer#rebuildAssigned}, drop state on revocation, commit after
 * the detections are sent). Optionally publishes its detections.
 */
final class EngineInstance implements AutoCloseable {

    final List<DetectionEvent> detections = new CopyOnWriteArrayList<>();
    final Set<UUID> processed = ConcurrentHashMap.newKeySet();
    final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    volatile long replayed;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, String> producer;
    private final LogRecordProcessor processor;
    private final PartitionReplayer replayer;
    private final Thread thread;
    private final boolean commits;
    private volatile boolean running = true;

    EngineInstance(String groupId, List<CompiledRule> rules, boolean publish, String source) {
        this(groupId, rules, publish, source, true);
    }

    /**
     * @param commits false for an instance that dies before its first offset commit (the service
     *                commits every few seconds): it processes records but never commits them
     */
    EngineInstance(String groupId, List<CompiledRule> rules, boolean publish, String source, boolean commits) {
        this.commits = commits;
        RuleEngine engine = new RuleEngine(Clock.systemUTC(), 100_000, RuleEngine.Listener.NONE);
        engine.load(rules);
        processor = new LogRecordProcessor(engine, (host, ip) -> null);
        replayer = new PartitionReplayer(KafkaFixture.bootstrap(), processor, Clock.systemUTC(), Duration.ofSeconds(60),
                Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (publish) {
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrap());
            producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer());
        } else {
            producer = null;
        }
        thread = new Thread(() -> loop(source), "engine-instance-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(String source) {
        consumer.subscribe(List.of(Topics.DEVICE_LOGS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                replayed += replayer.rebuildAssigned(consumer, partitions);
                assignment.addAll(partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (commits) {
                    consumer.commitSync();
                }
                processor.engine().dropShards(partitions.stream().map(TopicPartition::partition).toList());
                assignment.removeAll(partitions);
            }
        });
        while (running) {
            boolean any = false;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                any = true;
                var outcome = processor.process(r.topic(), PartitionReplayer.header(r, CloudEvents.TYPE), r.value(), r.partition(), true);
                if (outcome instanceof LogRecordProcessor.Evaluated ev) {
                    for (DetectionEvent d : ev.detections()) {
                        if (producer != null) {
                            ProducerRecord<String, String> out = new ProducerRecord<>(Topics.FINDINGS_DETECTED, d.kafkaKey(), EventJson.toJson(d));
                            out.headers().add(CloudEvents.ID, KafkaFixture.bytes(d.id().toString()));
                            out.headers().add(CloudEvents.TYPE, KafkaFixture.bytes(d.eventType()));
                            out.headers().add(CloudEvents.SOURCE, KafkaFixture.bytes(source));
                            try {
                                producer.send(out).get();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        detections.add(d);
                    }
                    processed.add(ev.event().id());
                }
            }
            if (any && commits) {
                consumer.commitSync();
            }
        }
        consumer.close();
        if (producer != null) {
            producer.close();
        }
    }

    /** Waits until this instance, alone in its group, owns all six partitions (its replay done). */
    void awaitAllPartitions() {
        await().atMost(Duration.ofSeconds(30)).until(() -> assignment.size() == 6);
    }

    /** Publishes the lines, then waits until this instance evaluated each of them live. */
    void evaluate(List<DeviceLogEvent> lines) {
        lines.forEach(KafkaFixture::publish);
        awaitEvaluated(lines);
    }

    void awaitEvaluated(List<DeviceLogEvent> lines) {
        List<UUID> ids = EngineScaleOutAndRestartTest.ids(lines);
        await().atMost(Duration.ofSeconds(20)).until(() -> processed.containsAll(ids));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
