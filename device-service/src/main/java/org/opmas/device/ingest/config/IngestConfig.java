package org.opmas.device.ingest.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Log ingestion: syslog listeners, unknown-source policy, the Kafka producer for device logs. */
@ConfigMapping(prefix = "opmas.ingest")
public interface IngestConfig {

    /**
     * What to do with a line from an address/hostname no device has. Operators can override it at
     * runtime with the opmas_config key {@value org.opmas.device.ingest.service.UnknownSourcePolicy#SETTING_KEY}.
     */
    @WithDefault("drop")
    String unknownSource();

    Syslog syslog();

    Kafka kafka();

    Http http();

    interface Syslog {

        /** Listen on UDP and TCP here (5514; 514 needs CAP_NET_BIND_SERVICE); 0 picks a free port. */
        @WithDefault("5514")
        int port();

        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("true")
        boolean udpEnabled();

        @WithDefault("true")
        boolean tcpEnabled();

        /** Longest frame kept; longer ones are cut to this and counted as oversized. */
        @WithDefault("65536")
        int maxFrameBytes();

        /** SO_RCVBUF for UDP; the kernel caps it at net.core.rmem_max. */
        @WithDefault("8388608")
        int udpReceiveBufferBytes();

        /** A TCP sender silent this long is disconnected. */
        @WithDefault("15m")
        Duration tcpIdleTimeout();

        /** Open TCP connections at most, all sources together; more are closed at once and counted. */
        @WithDefault("1000")
        int tcpMaxConnections();

        /** Open TCP connections at most per source address (a router needs one). */
        @WithDefault("8")
        int tcpMaxConnectionsPerSource();

        RateLimit rateLimit();
    }

    /**
     * A token bucket per source address over UDP and TCP together: a broken or hostile sender
     * cannot take the collector's whole capacity from the other routers. Lines beyond it are
     * dropped and counted ({@code reason="rate_limited"}).
     */
    interface RateLimit {

        /** Sustained lines per second per source; 0 turns the limit off (load tests). */
        @WithDefault("2000")
        int linesPerSecond();

        /** Lines a source may send at once above the sustained rate (a router's boot burst). */
        @WithDefault("10000")
        int burst();

        /**
         * Sources tracked at most. Spoofed UDP senders could otherwise grow the table without bound;
         * beyond it, new sources share one bucket until idle ones are evicted.
         */
        @WithDefault("100000")
        int maxSources();
    }

    interface Kafka {

        @WithDefault("opmas.device.logs")
        String topic();

        /**
         * Records accepted for Kafka and not yet acknowledged (queued for the publisher thread or
         * in the producer). Above it UDP lines are dropped (counted as backpressure), TCP
         * connections are paused and HTTP items rejected.
         */
        @WithDefault("50000")
        int maxInFlight();

        /** Extra/overriding Kafka producer properties, e.g. {@code opmas.ingest.kafka.producer."linger.ms"=5}. */
        Map<String, String> producer();
    }

    interface Http {

        /** Most items accepted in one POST /api/v1/ingest/logs request. */
        @WithDefault("10000")
        int maxItems();
    }
}
