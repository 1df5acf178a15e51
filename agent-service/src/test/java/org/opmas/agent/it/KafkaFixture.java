package org.opmas.agent.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;
import org.opmas.schema.events.OpmasEvent;

/** Plain Kafka clients against the devkit broker: publish events, record whole topics. */
public final class KafkaFixture {

    private KafkaFixture() {
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static volatile KafkaProducer<byte[], byte[]> producer;

    static synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Publishes an event as a producer following the contract would (key, ce_* headers). */
    public static void publish(OpmasEvent event) {
        send(record(event));
    }

    private static ProducerRecord<byte[], byte[]> record(OpmasEvent event) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topicOf(event), bytes(event.kafkaKey()), EventJson.toBytes(event));
        r.headers().add(CloudEvents.SPEC_VERSION_HEADER, bytes(CloudEvents.SPEC_VERSION));
        r.headers().add(CloudEvents.ID, bytes(idOf(event)));
        r.headers().add(CloudEvents.TYPE, bytes(event.eventType()));
        r.headers().add(CloudEvents.SOURCE, bytes("/test/agent-service"));
        r.headers().add(CloudEvents.CONTENT_TYPE, bytes(CloudEvents.CONTENT_TYPE_JSON));
        return r;
    }

    /** Publishes many events without waiting for each acknowledgement, then waits for all of them. */
    public static void publishAll(List<? extends OpmasEvent> events) {
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>(events.size());
        for (OpmasEvent event : events) {
            sent.add(producer().send(record(event)));
        }
        producer().flush();
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static void publishRaw(String topic, String key, byte[] value, String ceType) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, bytes(key), value);
        if (ceType != null) {
            r.headers().add(CloudEvents.TYPE, bytes(ceType));
        }
        send(r);
    }

    private static void send(ProducerRecord<byte[], byte[]> r) {
        try {
            producer().send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String topicOf(OpmasEvent event) {
        return CloudEvents.type(event.eventType()).orElseThrow().topic();
    }

    private static String idOf(OpmasEvent event) {
        return EventJson.toTree(event).get("id").asText();
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static DeviceLogEvent log(long deviceId, Instant at, String program, String message) {
        return new DeviceLogEvent(UUID.randomUUID(), deviceId, "ap-" + deviceId, null, at, at, 4, 5, program, 812, null,
                message, "<37>" + message, LogFormat.RFC3164, null, null);
    }

    /** Records every record of a topic from the beginning, in a background thread. */
    public static final class Recorder implements AutoCloseable {
        public final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        public Recorder(String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            thread = new Thread(() -> {
                while (running) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                consumer.close();
            }, "recorder-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        public List<DetectionEvent> detections(long deviceId) {
            return records.stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(Long.toString(deviceId)))
                    .map(r -> EventJson.fromBytes(r.value(), DetectionEvent.class)).toList();
        }

        public List<ConsumerRecord<byte[], byte[]>> withKey(String key) {
            return records.stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
