package org.opmas.device.ingest.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * Syslog listeners on UDP and TCP ({@code opmas.ingest.syslog.*}). Lines are handled on the
 * receiving event loop: parsing and handing to Kafka take microseconds and never block. When
 * Kafka falls behind, UDP lines are dropped and counted (UDP offers no way to slow a sender),
 * while TCP connections stop being read until the backlog drains, so TCP senders are slowed by
 * TCP flow control instead of losing lines.
 */
@ApplicationScoped
public class SyslogReceiver {

    private static final long RESUME_CHECK_MS = 5;

    private final Vertx vertx;
    private final IngestConfig.Syslog config;
    private final LogIngestor ingestor;
    private final DeviceLogPublisher publisher;
    private final IngestMetrics metrics;
    private volatile DatagramSocket udp;
    private volatile NetServer tcp;

    public SyslogReceiver(Vertx vertx, IngestConfig config, LogIngestor ingestor, DeviceLogPublisher publisher,
            IngestMetrics metrics) {
        this.vertx = vertx;
        this.config = config.syslog();
        this.ingestor = ingestor;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** After the default-priority startup observers, so the device directory is loaded before lines arrive. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent startup) {
        publisher.warmUp();
        Duration timeout = Duration.ofSeconds(30);
        try {
            if (config.udpEnabled()) {
                udp = vertx.createDatagramSocket(new DatagramSocketOptions()
                                .setReceiveBufferSize(config.udpReceiveBufferBytes()))
                        .handler(this::onDatagram)
                        .listen(config.port(), config.host())
                        .toCompletionStage().toCompletableFuture().get(timeout.toSeconds(), TimeUnit.SECONDS);
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
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    /** The bound UDP port (differs from the configured one when that is 0), or -1 when disabled. */
    public int udpPort() {
        return udp == null ? -1 : udp.localAddress().port();
    }

    /** The bound TCP port, or -1 when disabled. */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    private void onDatagram(DatagramPacket packet) {
        Instant receivedAt = Instant.now();
        Buffer data = packet.data();
        int length = data.length();
        boolean oversized = length > config.maxFrameBytes();
        if (oversized) {
            length = config.maxFrameBytes();
        }
        byte[] bytes = data.getBytes(0, length);
        length = trimEnd(bytes, length);
        if (length == 0) {
            return;
        }
        if (oversized) {
            metrics.dropped(Transport.UDP, DropReason.OVERSIZED);
        }
        ingestor.ingestLine(Transport.UDP, new String(bytes, 0, length, StandardCharsets.UTF_8),
                packet.sender().hostAddress(), receivedAt);
    }

    private void onConnection(NetSocket socket) {
        String sourceIp = socket.remoteAddress().hostAddress();
        SyslogFrameDecoder decoder = new SyslogFrameDecoder(config.maxFrameBytes(), (bytes, length, oversized) -> {
            int trimmed = trimEnd(bytes, length);
            if (trimmed == 0) {
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
