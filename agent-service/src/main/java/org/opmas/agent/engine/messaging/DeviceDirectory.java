package org.opmas.agent.engine.messaging;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.service.DeviceResolver;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.DeviceChangedEvent;
import org.opmas.schema.events.DeviceStatus;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

/**
 * The devices this instance knows, from the compacted {@code opmas.devices} topic read from the
 * beginning by every instance (no consumer group: each replica needs all devices). Resolves
 * hostname / source IP of log lines to device ids and tells the absence timer which devices are
 * active. A record that fails validation is logged and counted, not dead-lettered: every replica
 * reads the topic, so dead-lettering would duplicate the dead letter per replica.
 */
@ApplicationScoped
public class DeviceDirectory implements DeviceResolver, RuleEngine.DeviceLookup {

    private record Known(long id, String hostname, String ip, DeviceStatus status) {
    }

    private final String bootstrapServers;
    private final Map<Long, Known> byId = new ConcurrentHashMap<>();
    private final Map<String, Long> byHostname = new ConcurrentHashMap<>();
    private final Map<String, Long> byIp = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong invalid = new AtomicLong();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public DeviceDirectory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "agent-device-directory");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Blocks until the topic has been read to the end once (or the timeout passes). */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Long resolve(String hostname, String sourceIp) {
        Long id = hostname == null ? null : byHostname.get(hostname.toLowerCase(Locale.ROOT));
        if (id == null && sourceIp != null) {
            id = byIp.get(sourceIp);
        }
        return id;
    }

    @Override
    public boolean isMonitored(long deviceId) {
        Known k = byId.get(deviceId);
        return k != null && k.status() == DeviceStatus.ACTIVE;
    }

    public int size() {
        return byId.size();
    }

    public long invalidRecords() {
        return invalid.get();
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "agent-device-directory");
        while (running) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(Topics.DEVICES, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = c.endOffsets(partitions);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                        Log.infof("Device directory loaded: %d devices", byId.size());
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    Log.errorf(e, "Device directory consumer failed; restarting in 2 s");
                    sleepQuietly();
                }
            }
        }
    }

    void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // compaction tombstone
        }
        Header h = record.headers().lastHeader(CloudEvents.TYPE);
        String type = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        ValidationResult r = EventValidator.shared().validate(type, record.value());
        if (!r.isValid() || !CloudEvents.typesOn(Topics.DEVICES).contains(type)) {
            invalid.incrementAndGet();
            Log.warnf("Ignoring invalid %s record at %d/%d: %s", Topics.DEVICES, record.partition(), record.offset(), r.summary(500));
            return;
        }
        DeviceChangedEvent e = EventJson.fromTree(r.payload(), DeviceChangedEvent.class);
        Known old = byId.remove(e.deviceId());
        if (old != null) {
            byHostname.remove(old.hostname(), old.id());
            byIp.remove(old.ip(), old.id());
        }
        if (e.type() == DeviceChangedEvent.Type.UPSERTED && e.device() != null) {
            Known k = new Known(e.deviceId(), e.device().hostname().toLowerCase(Locale.ROOT), e.device().ipAddress(),
                    e.device().status());
            byId.put(k.id(), k);
            byHostname.put(k.hostname(), k.id());
            byIp.put(k.ip(), k.id());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
