package org.opmas.device.ingest.service;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-transport ingest counters, registered once so the hot path only increments:
 * {@code opmas_ingest_{received,parsed,failed,published}_total{transport}} and
 * {@code opmas_ingest_dropped_total{transport,reason}}. A line is received once, then either
 * parsed or failed (failed lines are still published, as {@code unparsed}), then either
 * published or dropped.
 *
 * <p>The per-line counters are plain {@link LongAdder}s that the registry reads when scraped
 * ({@link FunctionCounter}): incrementing a registered Counter goes through the composite
 * registry for every line, which showed in the receiving thread's profile. A {@code @Singleton}
 * (no client proxy between the receive path and the counters).
 */
@Singleton
public class IngestMetrics {

    private final LongAdder[] received;
    private final LongAdder[] parsed;
    private final LongAdder[] failed;
    private final LongAdder[] published;
    private final LongAdder[][] dropped;
    private final Counter refusedTotalLimit;
    private final Counter refusedSourceLimit;

    public IngestMetrics(MeterRegistry registry) {
        Transport[] transports = Transport.values();
        DropReason[] reasons = DropReason.values();
        received = new LongAdder[transports.length];
        parsed = new LongAdder[transports.length];
        failed = new LongAdder[transports.length];
        published = new LongAdder[transports.length];
        dropped = new LongAdder[transports.length][reasons.length];
        for (Transport t : transports) {
            int i = t.ordinal();
            received[i] = counter(registry, "opmas_ingest_received_total", "Log lines received", t);
            parsed[i] = counter(registry, "opmas_ingest_parsed_total", "Log lines parsed as RFC 3164/5424/logread/json", t);
            failed[i] = counter(registry, "opmas_ingest_failed_total",
                    "Log lines that could not be parsed (published as format=unparsed)", t);
            published[i] = counter(registry, "opmas_ingest_published_total", "Log events acknowledged by Kafka", t);
            for (DropReason r : reasons) {
                LongAdder count = new LongAdder();
                FunctionCounter.builder("opmas_ingest_dropped_total", count, LongAdder::sum)
                        .description("Log lines not published, by reason")
                        .tags("transport", t.tag(), "reason", r.tag())
                        .register(registry);
                dropped[i][r.ordinal()] = count;
            }
        }
        refusedTotalLimit = refusedCounter(registry, "total_limit");
        refusedSourceLimit = refusedCounter(registry, "source_limit");
    }

    private static Counter refusedCounter(MeterRegistry registry, String reason) {
        return Counter.builder("opmas_ingest_tcp_connections_refused_total")
                .description("Syslog TCP connections closed on arrival because a connection limit was reached")
                .tag("reason", reason).register(registry);
    }

    /** A TCP connection was closed on arrival; {@code perSource} = the per-address limit, else the total one. */
    public void connectionRefused(boolean perSource) {
        (perSource ? refusedSourceLimit : refusedTotalLimit).increment();
    }

    public double connectionsRefusedCount(boolean perSource) {
        return (perSource ? refusedSourceLimit : refusedTotalLimit).count();
    }

    private static LongAdder counter(MeterRegistry registry, String name, String description, Transport transport) {
        LongAdder count = new LongAdder();
        FunctionCounter.builder(name, count, LongAdder::sum).description(description)
                .tags("transport", transport.tag()).register(registry);
        return count;
    }

    public void received(Transport t) {
        received[t.ordinal()].increment();
    }

    public void parsed(Transport t) {
        parsed[t.ordinal()].increment();
    }

    public void failed(Transport t) {
        failed[t.ordinal()].increment();
    }

    public void published(Transport t) {
        published[t.ordinal()].increment();
    }

    public void dropped(Transport t, DropReason reason) {
        dropped[t.ordinal()][reason.ordinal()].increment();
    }

    public double receivedCount(Transport t) {
        return received[t.ordinal()].sum();
    }

    public double publishedCount(Transport t) {
        return published[t.ordinal()].sum();
    }

    public double failedCount(Transport t) {
        return failed[t.ordinal()].sum();
    }

    public double droppedCount(Transport t, DropReason reason) {
        return dropped[t.ordinal()][reason.ordinal()].sum();
    }
}
