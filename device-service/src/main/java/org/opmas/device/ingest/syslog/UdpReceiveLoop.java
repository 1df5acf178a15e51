package org.opmas.device.ingest.syslog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import io.quarkus.logging.Log;

/**
 * Reads one UDP socket on a thread of its own: a blocking receive into one reused buffer, one
 * system call per datagram, and the payload copied out to the handler.
 *
 * <p>Why not an event loop: UDP cannot slow its senders, so every moment the socket is not read
 * the kernel buffer fills, and beyond it lines are lost where nothing in the service counts them.
 * A Netty channel spent per datagram a select, a pooled 64 KiB buffer (above the allocator's
 * thread cache, so an arena allocation) and the pipeline; on an event loop shared with HTTP,
 * PostgreSQL and Kafka callbacks any of those delayed the next read. This thread does little else
 * than read, sleeps in the kernel while the socket is empty, and so is scheduled promptly when
 * datagrams arrive on a busy machine.
 */
final class UdpReceiveLoop implements AutoCloseable {

    /** Largest UDP payload over IPv4 (65,535 − 8 byte UDP header − 20 byte IP header). */
    static final int MAX_DATAGRAM_BYTES = 65_507;
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    /** Receives each datagram's payload (at most {@code maxFrameBytes}, trailing bytes included). */
    @FunctionalInterface
    interface Handler {
        /**
         * @param oversized the datagram was longer than {@code maxFrameBytes} and has been cut to it
         */
        void onDatagram(byte[] payload, boolean oversized, InetSocketAddress sender);
    }

    private final DatagramChannel channel;
    private final int maxFrameBytes;
    private final Handler handler;
    private final Thread thread;
    private long nextWarning;

    /**
     * Binds the socket (port 0 = a free port) and starts reading.
     *
     * @param receiveBufferBytes SO_RCVBUF asked for; the kernel caps it at net.core.rmem_max
     */
    UdpReceiveLoop(String threadName, InetSocketAddress bindTo, int receiveBufferBytes, int maxFrameBytes,
            Handler handler) throws IOException {
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
        this.channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            channel.bind(bindTo);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The bound port. */
    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The receive buffer the kernel granted (what {@code ss -m} shows as rb is twice this on Linux). */
    int receiveBufferBytes() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    private void run() {
        // one byte more than a kept frame, so a longer datagram shows as cut
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.min(maxFrameBytes + 1, MAX_DATAGRAM_BYTES));
        while (channel.isOpen()) {
            SocketAddress sender;
            buffer.clear();
            try {
                sender = channel.receive(buffer);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                warn("Syslog UDP receive failed: %s", e);
                continue;
            }
            if (!(sender instanceof InetSocketAddress from)) {
                continue;
            }
            buffer.flip();
            int length = buffer.remaining();
            boolean oversized = length > maxFrameBytes;
            byte[] payload = new byte[oversized ? maxFrameBytes : length];
            buffer.get(payload);
            try {
                handler.onDatagram(payload, oversized, from);
            } catch (RuntimeException e) {
                // a bug in handling one line must not stop the reading of all the others
                warn("Syslog UDP line not handled: %s", e);
            }
        }
    }

    private void warn(String format, Exception e) {
        long now = System.nanoTime();
        if (nextWarning == 0 || now - nextWarning >= 0) {
            nextWarning = now + WARN_INTERVAL_NANOS;
            Log.warnf(e, format + " (further failures in the next 10 s not logged)", e.toString());
        }
    }

    /** Closes the socket (a blocked receive returns) and waits for the thread to finish the line in hand. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            Log.debugf("Closing the syslog UDP socket: %s", e.getMessage());
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
