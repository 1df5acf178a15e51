package org.opmas.device.ingest.syslog;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.opmas.device.ingest.config.IngestConfig;
import org.opmas.device.ingest.messaging.DeviceLogPublisher;
import org.opmas.device.ingest.service.DropReason;
import org.opmas.device.ingest.service.IngestMetrics;
import org.opmas.device.ingest.service.LogIngestor;
import org.opmas.device.ingest.service.Transport;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * Syslog listeners on UDP and TCP ({@code opmas.ingest.syslog.*}). Lines are parsed on the
 * receiving thread and queued for Kafka ({@link DeviceLogPublisher}): a few microseconds, never blocking.
 *
 * <p>UDP is read by a thread of its own ({@value #UDP_THREAD}, {@link UdpReceiveLoop}): UDP cannot
 * slow its senders, so whatever delays a read (HTTP requests, database and Kafka callbacks sharing a
 * Vert.x event loop, a select and a pooled 64 KiB buffer per datagram in Netty) risks the kernel
 * buffer overflowing and lines being lost where nothing counts them. (Not a Vert.x DatagramSocket
 * either: it sizes its per-read buffer to the socket's receive buffer, so the large SO_RCVBUF that
 * absorbs bursts made every datagram allocate and zero megabytes.) When
 * Kafka falls behind, UDP lines are dropped and counted (UDP offers no way to slow a sender),
 * while TCP connections stop being read until the backlog drains, so TCP senders are slowed by
 * TCP flow control instead of losing lines.
 *
 * <p>Limits against a broken or hostile sender: a token bucket per source address over both
 * transports (excess lines dropped, counted {@code reason="rate_limited"}), at most
 * {@code tcp-max-connections} open TCP connections and {@code tcp-max-connections-per-source} per
 * address (excess connections closed on arrival, counted), and frames cut at
 * {@code max-frame-bytes} (memory per connection is fixed). Warnings about them are logged at most
 * once per {@value #WARN_INTERVAL_MS} ms each, so a flood cannot flood the log too.
 */
@ApplicationScoped
public class SyslogReceiver {

    private static final String UDP_THREAD = "opmas-syslog-udp";
    private static final long RESUME_CHECK_MS = 5;
    private static final long WARN_INTERVAL_MS = 10_000;
    private static final long EVICT_INTERVAL_MS = 30_000;

    private final Vertx vertx;
    private final IngestConfig.Syslog config;
    private final LogIngestor ingestor;
    private final DeviceLogPublisher publisher;
    private final IngestMetrics metrics;
    private volatile UdpReceiveLoop udp;
    private volatile NetServer tcp;
    private final SourceRateLimiter rateLimiter;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Map<String, Integer> openConnectionsBySource = new ConcurrentHashMap<>();
    private final AtomicLong nextRateWarning = new AtomicLong();
    private final AtomicLong nextConnectionWarning = new AtomicLong();
    private final AtomicLong rateLimitedSinceWarning = new AtomicLong();
    private long evictTimer = -1;

    public SyslogReceiver(Vertx vertx, IngestConfig config, LogIngestor ingestor, DeviceLogPublisher publisher,
            IngestMetrics metrics) {
        this.vertx = vertx;
        this.config = config.syslog();
        this.ingestor = ingestor;
        this.publisher = publisher;
        this.metrics = metrics;
        IngestConfig.RateLimit limit = this.config.rateLimit();
        this.rateLimiter = new SourceRateLimiter(limit.linesPerSecond(), limit.burst(), limit.maxSources(),
                System::nanoTime);
    }

    /** After the default-priority startup observers, so the device directory is loaded before lines arrive. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent startup) {
        publisher.warmUp();
        Duration timeout = Duration.ofSeconds(30);
        if (rateLimiter.enabled()) {
            evictTimer = vertx.setPeriodic(EVICT_INTERVAL_MS, id -> rateLimiter.evictIdle());
        }
        try {
            if (config.udpEnabled()) {
                udp = new UdpReceiveLoop(UDP_THREAD, new InetSocketAddress(config.host(), config.port()),
                        config.udpReceiveBufferBytes(), config.maxFrameBytes(), this::onDatagram);
                Log.infof("Syslog UDP listening on %s:%d", config.host(), udpPort());
            }
            if (config.tcpEnabled()) {
                tcp = vertx.createNetServer(new NetServerOptions()
                                .setIdleTimeout((int) config.tcpIdleTimeout().toSeconds())
                                .setIdleTimeoutUnit(TimeUnit.SECONDS))
                        .connectHandler(this::onConnection)
                        .listen(config.port(), config.host())
                        .toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
                Log.infof("Syslog TCP listening on %s:%d", config.host(), tcpPort());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot listen for syslog on " + config.host() + ":" + config.port()
                    + " (a port below 1024 needs CAP_NET_BIND_SERVICE): " + e.getMessage(), e);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (evictTimer >= 0) {
            vertx.cancelTimer(evictTimer);
        }
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    /** The bound UDP port (differs from the configured one when that is 0), or -1 when disabled. */
    public int udpPort() {
        return udp == null ? -1 : udp.port();
    }

    /** The bound TCP port, or -1 when disabled. */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    /** Open syslog TCP connections (accepted, not yet closed). */
    public int openTcpConnections() {
        return openConnections.get();
    }

    /** On the UDP thread: one datagram is one line. */
    private void onDatagram(byte[] payload, boolean oversized, InetSocketAddress sender) {
        Instant receivedAt = Instant.now();
        String sourceIp = sender.getAddress().getHostAddress();
        if (!withinRate(Transport.UDP, sourceIp)) {
            return;
        }
        int length = trimEnd(payload, payload.length);
        if (length == 0) {
            return;
        }
        if (oversized) {
            metrics.dropped(Transport.UDP, DropReason.OVERSIZED);
        }
        ingestor.ingestLine(Transport.UDP, new String(payload, 0, length, StandardCharsets.UTF_8), sourceIp, receivedAt);
    }

    /** The per-source token bucket; a line over it is received and dropped as rate_limited. */
    private boolean withinRate(Transport transport, String sourceIp) {
        if (rateLimiter.tryAcquire(sourceIp)) {
            return true;
        }
        metrics.received(transport);
        metrics.dropped(transport, DropReason.RATE_LIMITED);
        long dropped = rateLimitedSinceWarning.incrementAndGet();
        if (warningDue(nextRateWarning)) {
            rateLimitedSinceWarning.addAndGet(-dropped);
            Log.warnf("Syslog source %s is over its rate limit (%d lines/s, burst %d): %d lines dropped since the "
                    + "last warning (all sources; see opmas_ingest_dropped_total{reason=\"rate_limited\"})", sourceIp,
                    config.rateLimit().linesPerSecond(), config.rateLimit().burst(), dropped);
        }
        return false;
    }

    private static boolean warningDue(AtomicLong nextWarning) {
        long now = System.currentTimeMillis();
        long next = nextWarning.get();
        return now >= next && nextWarning.compareAndSet(next, now + WARN_INTERVAL_MS);
    }

    private void onConnection(NetSocket socket) {
        String sourceIp = socket.remoteAddress().hostAddress();
        if (!admit(socket, sourceIp)) {
            return;
        }
        SyslogFrameDecoder decoder = new SyslogFrameDecoder(config.maxFrameBytes(), (bytes, length, oversized) -> {
            int trimmed = trimEnd(bytes, length);
            if (trimmed == 0 || !withinRate(Transport.TCP, sourceIp)) {
                return;
            }
            if (oversized) {
                metrics.dropped(Transport.TCP, DropReason.OVERSIZED);
            }
            ingestor.ingestLine(Transport.TCP, new String(bytes, 0, trimmed, StandardCharsets.UTF_8), sourceIp,
                    Instant.now());
        });
        socket.handler(buffer -> {
            byte[] chunk = buffer.getBytes();
            decoder.feed(chunk, 0, chunk.length);
            if (publisher.saturated()) {
                socket.pause();
                resumeWhenDrained(socket);
            }
        });
        socket.endHandler(ignored -> decoder.finish());
        socket.exceptionHandler(failure -> Log.debugf("Syslog TCP connection from %s failed: %s", sourceIp,
                failure.getMessage()));
    }

    /**
     * Counts the connection in, or closes it when a limit is reached. Counting happens before
     * any data is read, and every admitted connection is counted out exactly once on close.
     */
    private boolean admit(NetSocket socket, String sourceIp) {
        // merge/computeIfPresent are atomic per key, so a count never leaves the map while in use
        boolean perSource = openConnectionsBySource.merge(sourceIp, 1, Integer::sum) > config.tcpMaxConnectionsPerSource();
        boolean total = openConnections.incrementAndGet() > config.tcpMaxConnections();
        if (perSource || total) {
            release(sourceIp);
            metrics.connectionRefused(perSource);
            if (warningDue(nextConnectionWarning)) {
                Log.warnf("Syslog TCP connection from %s refused: %s (%d open); see "
                        + "opmas_ingest_tcp_connections_refused_total", sourceIp,
                        perSource ? "more than " + config.tcpMaxConnectionsPerSource() + " from this address"
                                : "more than " + config.tcpMaxConnections() + " in total",
                        openConnections.get());
            }
            socket.close();
            return false;
        }
        socket.closeHandler(ignored -> release(sourceIp));
        return true;
    }

    private void release(String sourceIp) {
        openConnections.decrementAndGet();
        openConnectionsBySource.computeIfPresent(sourceIp, (ignored, count) -> count <= 1 ? null : count - 1);
    }

    private void resumeWhenDrained(NetSocket socket) {
        vertx.setTimer(RESUME_CHECK_MS, id -> {
            if (publisher.saturated()) {
                resumeWhenDrained(socket);
            } else {
                socket.resume();
            }
        });
    }

    /** Length without trailing LF, CR, NUL and spaces (some forwarders pad datagrams). */
    private static int trimEnd(byte[] bytes, int length) {
        while (length > 0) {
            byte b = bytes[length - 1];
            if (b != '\n' && b != '\r' && b != 0 && b != ' ') {
                break;
            }
            length--;
        }
        return length;
    }
}
