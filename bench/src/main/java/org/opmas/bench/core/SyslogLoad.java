package org.opmas.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Syslog over UDP from many source addresses (one bound socket each) at a fixed rate, open loop:
 * every millisecond the sender tops up to {@link RateSchedule#dueAt}; nothing it receives slows it.
 * Lines match no seeded rule (DHCP acknowledgements), so they cost parsing, publishing and rule
 * evaluation but produce no findings.
 */
public final class SyslogLoad implements AutoCloseable {

    /** What a run achieved: lines sent, the time it took, and the sender's own worst backlog. */
    public record Sent(long lines, double seconds, long maxBacklog) {
        public double rate() {
            return lines / seconds;
        }
    }

    private final List<DatagramChannel> sources = new ArrayList<>();
    private final List<String> hostnames;
    private long sequence;

    public SyslogLoad(List<String> sourceAddresses, List<String> hostnames, int collectorPort) {
        this.hostnames = hostnames;
        InetSocketAddress collector = new InetSocketAddress("127.0.0.1", collectorPort);
        try {
            for (String address : sourceAddresses) {
                DatagramChannel channel = DatagramChannel.open();
                channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
                channel.bind(new InetSocketAddress(address, 0));
                channel.connect(collector);
                sources.add(channel);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot bind the simulated sources", e);
        }
    }

    /** Sends at {@code linesPerSecond} for {@code seconds}, round-robin over the sources. */
    public Sent run(int linesPerSecond, double seconds) {
        RateSchedule schedule = new RateSchedule(linesPerSecond);
        long durationNanos = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long sent = 0;
        long maxBacklog = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
        while (true) {
            // The last pass tops up to exactly rate × duration, so a step sends what it promised.
            long elapsed = Math.min(System.nanoTime() - start, durationNanos);
            long backlog = schedule.backlog(elapsed, sent);
            maxBacklog = Math.max(maxBacklog, backlog);
            for (long i = 0; i < backlog; i++) {
                int source = (int) (sequence % sources.size());
                buffer.clear();
                buffer.put(line(hostnames.get(source), sequence++));
                buffer.flip();
                try {
                    sources.get(source).write(buffer);
                } catch (IOException e) {
                    // the collector's port is closed (ICMP refused): count as sent, it shows as loss
                }
                sent++;
            }
            if (elapsed >= durationNanos) {
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        return new Sent(sent, (System.nanoTime() - start) / 1e9, maxBacklog);
    }

    /** One realistic, rule-neutral line: ~130 bytes like a typical OpenWrt daemon line. */
    static byte[] line(String hostname, long sequence) {
        int host = (int) (sequence % 250) + 2;
        String text = "<30>Nov 28 02:00:00 " + hostname + " dnsmasq-dhcp[1712]: DHCPACK(br-lan) 192.168.1." + host
                + " 02:00:00:00:" + String.format("%02x:%02x", (sequence >> 8) & 0xff, sequence & 0xff) + " client-" + sequence;
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        for (DatagramChannel channel : sources) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
