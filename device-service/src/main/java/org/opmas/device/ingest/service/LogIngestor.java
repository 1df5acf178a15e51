package org.opmas.device.ingest.service;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import jakarta.inject.Singleton;

import org.opmas.common.config.RuntimeSettings;
import org.opmas.device.ingest.config.IngestConfig;
import org.opmas.device.ingest.messaging.DeviceLogPublisher;
import org.opmas.device.ingest.parser.ParsedLine;
import org.opmas.device.ingest.parser.SyslogParser;
import org.opmas.device.inventory.service.DeviceDirectory;
import org.opmas.device.inventory.service.DeviceDirectory.DeviceRef;
import org.opmas.device.inventory.service.LastSeenTracker;
import org.opmas.schema.events.DeviceLogEvent;

import io.quarkus.arc.ClientProxy;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The one path every received line takes, whatever the transport: parse, find the device (by
 * source IP, then hostname), apply the unknown-source policy, publish, mark the device seen.
 * Runs on the receiving event loop and never blocks: device lookups are in memory, publishing
 * does not wait for Kafka, and registration of an unknown source continues asynchronously.
 *
 * <p>A {@code @Singleton} that holds the application-scoped beans it calls per line unwrapped:
 * each call through a client proxy looks the instance up in its context, which was a fifth of the
 * UDP reading thread's time in a profile at 20,000 lines/s.
 */
@Singleton
public class LogIngestor {

    private static final int MAX_PARSE_ERROR = 1024;
    private static final int MAX_HOSTNAME = 255;

    private final DeviceDirectory directory;
    private final LastSeenTracker lastSeen;
    private final DeviceLogPublisher publisher;
    private final IngestMetrics metrics;
    private final RuntimeSettings settings;
    private final UnknownSourcePolicy configuredPolicy;
    /** Sources this replica registered, so the registration is logged once, not once per line. */
    private final Set<String> registeredSources = ConcurrentHashMap.newKeySet();

    public LogIngestor(DeviceDirectory directory, LastSeenTracker lastSeen, DeviceLogPublisher publisher,
            IngestMetrics metrics, RuntimeSettings settings, IngestConfig config) {
        this.directory = ClientProxy.unwrap(directory);
        this.lastSeen = ClientProxy.unwrap(lastSeen);
        this.publisher = publisher;
        this.metrics = metrics;
        this.settings = settings;
        UnknownSourcePolicy policy = UnknownSourcePolicy.fromName(config.unknownSource());
        if (policy == null) {
            throw new IllegalStateException("opmas.ingest.unknown-source must be 'drop' or 'register', got '"
                    + config.unknownSource() + "'");
        }
        this.configuredPolicy = policy;
    }

    /** The policy in force: opmas_config {@code ingest.unknown_source} if set and valid, else configuration. */
    public UnknownSourcePolicy unknownSourcePolicy() {
        String override = settings.getString(UnknownSourcePolicy.SETTING_KEY, null);
        UnknownSourcePolicy policy = UnknownSourcePolicy.fromName(override);
        return policy != null ? policy : configuredPolicy;
    }

    /**
     * Ingests one syslog line (trailing newline already removed).
     *
     * @param sourceIp the sender's address without port; null when unknown (HTTP item without one)
     */
    public Outcome ingestLine(Transport transport, String line, String sourceIp, Instant receivedAt) {
        metrics.received(transport);
        String raw = truncate(line, DeviceLogEvent.MAX_LINE_CHARS);
        ParsedLine parsed = SyslogParser.parse(raw);
        if (parsed.parsed()) {
            metrics.parsed(transport);
        } else {
            metrics.failed(transport);
        }
        Optional<DeviceRef> device = resolve(sourceIp, parsed.hostname());
        if (device.isPresent()) {
            return publish(transport, toEvent(parsed, raw, device.get(), sourceIp, receivedAt), device.get(),
                    receivedAt);
        }
        return unknownSource(transport, sourceIp, parsed.hostname(), ref -> toEvent(parsed, raw, ref, sourceIp,
                receivedAt), receivedAt);
    }

    /**
     * Ingests an event a client sent already structured (HTTP); it has been validated against the
     * schema. Device id from the payload wins; otherwise resolved like a line.
     */
    public Outcome ingestEvent(Transport transport, DeviceLogEvent event) {
        metrics.received(transport);
        metrics.parsed(transport);
        Optional<DeviceRef> device = event.deviceId() != null
                ? Optional.of(new DeviceRef(event.deviceId().intValue(), event.hostname(), event.sourceIp(), null,
                        ZoneOffset.UTC))
                : resolve(event.sourceIp(), event.hostname());
        if (device.isPresent()) {
            return publish(transport, event.withDeviceId((long) device.get().id()), device.get(), event.receivedAt());
        }
        return unknownSource(transport, event.sourceIp(), event.hostname(), ref -> event.withDeviceId((long) ref.id()),
                event.receivedAt());
    }

    private Optional<DeviceRef> resolve(String sourceIp, String hostname) {
        Optional<DeviceRef> device = sourceIp == null ? Optional.empty() : directory.byIp(sourceIp);
        if (device.isEmpty() && hostname != null) {
            device = directory.byHostname(hostname);
        }
        return device;
    }

    private Outcome publish(Transport transport, DeviceLogEvent event, DeviceRef device, Instant receivedAt) {
        if (!publisher.publish(event, transport)) {
            return Outcome.DROPPED_BACKPRESSURE;
        }
        lastSeen.markSeen(device.id(), receivedAt);
        return Outcome.ACCEPTED;
    }

    private Outcome unknownSource(Transport transport, String sourceIp, String hostname,
            Function<DeviceRef, DeviceLogEvent> eventFor, Instant receivedAt) {
        if (unknownSourcePolicy() == UnknownSourcePolicy.DROP || sourceIp == null) {
            // registering needs an address to reach the router at; without one there is nothing to confirm
            metrics.dropped(transport, DropReason.UNKNOWN_SOURCE);
            return Outcome.DROPPED_UNKNOWN_SOURCE;
        }
        String name = hostname != null && hostname.length() <= MAX_HOSTNAME ? hostname : null;
        // the directory registers each address once, however many lines arrive meanwhile
        // subscribed off the event loop: registration is a database transaction, and the receiving
        // event loop must go on reading lines meanwhile
        directory.registerUnknown(sourceIp, name)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(
                ref -> {
                    if (ref == null) {
                        metrics.dropped(transport, DropReason.REGISTER_FAILED);
                        return;
                    }
                    if (registeredSources.add(sourceIp)) {
                        Log.infof("Log source %s registered as device %d (%s) for an operator to confirm", sourceIp,
                                ref.id(), ref.status());
                    }
                    publish(transport, eventFor.apply(ref), ref, receivedAt);
                },
                failure -> {
                    metrics.dropped(transport, DropReason.REGISTER_FAILED);
                    Log.warnf("Could not register unknown log source %s: %s", sourceIp, failure.toString());
                });
        return Outcome.ACCEPTED;
    }

    /** Package-private for the hostile-input tests, which validate what it builds against the schema. */
    static DeviceLogEvent toEvent(ParsedLine parsed, String raw, DeviceRef device, String sourceIp,
            Instant receivedAt) {
        ZoneId zone = device.timeZone() != null ? device.timeZone() : ZoneOffset.UTC;
        String hostname = parsed.hostname() != null ? parsed.hostname() : device.hostname();
        return new DeviceLogEvent(randomId(), (long) device.id(), hostname, sourceIp, receivedAt,
                parsed.timestamp(zone, receivedAt), parsed.facility(), parsed.severity(), parsed.program(),
                parsed.pid(), parsed.msgId(), parsed.message(), raw, parsed.format(),
                truncate(parsed.parseError(), MAX_PARSE_ERROR), parsed.structuredData());
    }

    /** A version 4 UUID from ThreadLocalRandom: unique enough for event ids, and no SecureRandom lock per line. */
    static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** What became of one line. */
    public enum Outcome {
        /** Handed to Kafka (or, for a source being registered, will be once it is). */
        ACCEPTED,
        DROPPED_UNKNOWN_SOURCE,
        DROPPED_BACKPRESSURE
    }
}
