package org.opmas.device.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-transport ingest counters, registered once so the hot path only increments:
 * {@code opmas_ingest_{received,parsed,failed,published}_total{transport}} and
 * {@code opmas_ingest_dropped_total{transport,reason}}. A line is received once, then either
 * parsed or failed (failed lines are still published, as {@code unparsed}), then either
 * published or dropped.
 */
@ApplicationScoped
public class IngestMetrics {

    private final Counter[] received;
    private final Counter[] parsed;
    private final Counter[] failed;
    private final Counter[] published;
    private final Counter[][] dropped;
    private final Counter refusedTotalLimit;
    private final Counter refusedSourceLimit;

    public IngestMetrics(MeterRegistry registry) {
        Transport[] transports = Transport.values();
        DropReason[] reasons = DropReason.values();
        received = new Counter[transports.length];
        parsed = new Counter[transports.length];
        failed = new Counter[transports.length];
        published = new Counter[transports.length];
        dropped = new Counter[transports.length][reasons.length];
        for (Transport t : transports) {
            int i = t.ordinal();
            received[i] = counter(registry, "opmas_ingest_received_total", "Log lines received", t);
            parsed[i] = counter(registry, "opmas_ingest_parsed_total", "Log lines parsed as RFC 3164/5424/logread/json", t);
            failed[i] = counter(registry, "opmas_ingest_failed_total",
                    "Log lines that could not be parsed (published as format=unparsed)", t);
            published[i] = counter(registry, "opmas_ingest_published_total", "Log events acknowledged by Kafka", t);
            for (DropReason r : reasons) {
                dropped[i][r.ordinal()] = Counter.builder("opmas_ingest_dropped_total")
                        .description("Log lines not published, by reason")
                        .tag("transport", t.tag()).tag("reason", r.tag())
                        .register(registry);
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

    private static Counter counter(MeterRegistry registry, String name, String description, Transport transport) {
        return Counter.builder(name).description(description).tag("transport", transport.tag()).register(registry);
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
        return received[t.ordinal()].count();
    }

    public double publishedCount(Transport t) {
        return published[t.ordinal()].count();
    }

    public double failedCount(Transport t) {
        return failed[t.ordinal()].count();
    }

    public double droppedCount(Transport t, DropReason reason) {
        return dropped[t.ordinal()][reason.ordinal()].count();
    }
}
