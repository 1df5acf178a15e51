package org.opmas.device.ingest.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opmas.common.messaging.CloudEventAttributes;
import org.opmas.common.messaging.EventMessages;
import org.opmas.common.messaging.KafkaCloudEvents;
import org.opmas.device.ingest.config.IngestConfig;
import org.opmas.device.ingest.service.DropReason;
import org.opmas.device.ingest.service.IngestMetrics;
import org.opmas.device.ingest.service.Transport;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Publishes device log events straight to {@code opmas.device.logs} (logs are not a database
 * change, so no outbox). A plain {@link KafkaProducer} rather than a SmallRye emitter, because the
 * receive path needs a non-blocking send with an explicit bound it can count against: a record is
 * handed to the producer only while fewer than {@code opmas.ingest.kafka.max-in-flight} are
 * unacknowledged; otherwise the caller gets {@code false} and the line is counted as dropped for
 * backpressure (UDP) or the sender is paused (TCP). Delivery is counted in the producer callback,
 * so opmas_ingest_published_total means "acknowledged by all in-sync replicas".
 *
 * <p>{@link #publish} only queues the event: serialising it and {@code KafkaProducer.send} (which
 * compresses into the batch on the calling thread) run on the thread {@value #THREAD_NAME}, so
 * the threads reading sockets do a few microseconds of work per line and get back to reading.
 * The bound counts queued records too.
 */
@Singleton
public class DeviceLogPublisher {

    static final String THREAD_NAME = "opmas-ingest-publisher";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String source;
    private final IngestMetrics metrics;
    private final PublishQueue<Pending> queue;
    private final AtomicLong lastFailureLog = new AtomicLong();

    public DeviceLogPublisher(IngestConfig config, IngestMetrics metrics, EventMessages eventMessages,
            MeterRegistry registry, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topic = config.kafka().topic();
        this.source = eventMessages.source();
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers, config.kafka().producer()),
                new StringSerializer(), new ByteArraySerializer());
        this.queue = new PublishQueue<>(THREAD_NAME, config.kafka().maxInFlight(), this::send);
        Gauge.builder("opmas_ingest_kafka_in_flight", queue, PublishQueue::outstanding)
                .description("Device log records accepted for Kafka and not yet acknowledged (queued or sent)")
                .register(registry);
    }

    /**
     * Throughput first, without giving up durability: batches of up to 256 KiB that wait at most
     * 10 ms, lz4 (cheap to compress here and to decompress in the broker's batch validation and every
     * consumer; zstd's better ratio cost half of device-service's CPU at 20,000 lines/s on two cores,
     * docs/benchmarks/system.md), acks=all with idempotence so a retry never
     * duplicates or reorders a device's lines. max.block.ms is short because send() runs on the
     * publisher thread, and everything queued waits behind it: a known topic never blocks, and we
     * never let the buffer fill (max-in-flight).
     */
    static Map<String, Object> producerProperties(String bootstrapServers, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "device-service-ingest");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.putAll(overrides);
        return props;
    }

    /** Fetches the topic's metadata now, so the first send on an event loop does not wait for it. */
    public void warmUp() {
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            Log.warnf("Kafka metadata for %s not available yet (%s); first log lines may wait up to max.block.ms",
                    topic, e.getMessage());
        }
    }

    /** True when no more records may be handed to Kafka right now (TCP pauses its senders). */
    public boolean saturated() {
        return queue.full();
    }

    public int inFlight() {
        return queue.outstanding();
    }

    /**
     * Queues the event for Kafka without waiting. False (and counted as a backpressure drop) when
     * too many records are unacknowledged.
     */
    public boolean publish(DeviceLogEvent event, Transport transport) {
        if (!queue.offer(new Pending(event, transport))) {
            metrics.dropped(transport, DropReason.BACKPRESSURE);
            return false;
        }
        return true;
    }

    /** On the publisher thread: serialise, hand to the producer; the callback counts and releases. */
    private void send(Pending pending) {
        DeviceLogEvent event = pending.event();
        Transport transport = pending.transport();
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, null, event.kafkaKey(),
                    EventJson.toBytes(event), KafkaCloudEvents.headers(
                            CloudEventAttributes.of(event.id(), event.eventType(), source, event.eventTime())));
            producer.send(record, (metadata, failure) -> {
                queue.release();
                if (failure == null) {
                    metrics.published(transport);
                } else {
                    metrics.dropped(transport, DropReason.PUBLISH_FAILED);
                    logFailure(failure);
                }
            });
        } catch (RuntimeException e) {
            queue.release();
            metrics.dropped(transport, DropReason.PUBLISH_FAILED);
            logFailure(e);
        }
    }

    private record Pending(DeviceLogEvent event, Transport transport) {
    }

    /** One warning per 10 s at most: a Kafka outage fails thousands of records a second. */
    private void logFailure(Throwable failure) {
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last > 10_000_000_000L && lastFailureLog.compareAndSet(last, now)) {
            Log.warnf("Device log events not delivered to %s: %s (counted in opmas_ingest_dropped_total"
                    + "{reason=publish_failed}; further failures in the next 10 s not logged)", topic, failure.toString());
        }
    }

    /** Flushes what is buffered, so a graceful shutdown does not lose accepted lines. */
    @PreDestroy
    void close() {
        if (!queue.close(Duration.ofSeconds(10))) {
            Log.warnf("Device log events still queued for %s after 10 s; closing the producer anyway", topic);
        }
        producer.close(Duration.ofSeconds(10));
    }
}
