package org.opmas.device.ingest.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.opmas.schema.Topics;

/**
 * Sends syslog lines over UDP at a fixed rate to a running device-service and counts how many of
 * them arrive on opmas.device.logs (each line carries this run's id, so other traffic does not
 * count). Prints sent, published, lost and the rates. Not part of the test run; see
 * docs/benchmarks/device-service.md.
 *
 * <p>It shares the machine with what it measures, so it is kept cheap: one connected channel and
 * one buffer for every datagram (only the sequence digits change), and a consumer that fetches
 * large batches and only looks for the run id in each value.
 *
 * <pre>
 * java -cp ... org.opmas.device.ingest.bench.UdpLoadGenerator --port 5514 --rate 30000 --seconds 30 \
 *      --bootstrap 127.0.0.1:19092 [--host 127.0.0.1] [--from 127.0.0.1] [--warmup-seconds 10]
 * </pre>
 */
public final class UdpLoadGenerator {

    /** Digits of the sequence number written into each datagram (zero-padded). */
    private static final int SEQ_DIGITS = 10;

    private UdpLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        String from = "127.0.0.1";
        int port = 5514;
        int rate = 30_000;
        int seconds = 30;
        int warmupSeconds = 10;
        String bootstrap = "127.0.0.1:19092";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--from" -> from = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--bootstrap" -> bootstrap = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        byte[] marker = ("run=" + runId + " ").getBytes(StandardCharsets.UTF_8);
        int[] markerShift = shiftTable(marker);
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
        AtomicLong published = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long found = 0;
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (contains(r.value(), marker, markerShift)) {
                            found++;
                        }
                    }
                    published.addAndGet(found);
                }
            } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                // the end of the count: main interrupts this thread once the published count settled
            }
        }, "load-reader");

        long total = (long) rate * seconds;
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(host), port);
        System.out.printf("run %s: %d lines/s for %d s to udp://%s:%d from %s%n", runId, rate, seconds, host, port, from);
        long sent = 0;
        long start;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
            channel.connect(target);
            // Warm-up, not counted: the unknown-source policy registers the sender on its first line,
            // and the JIT compiles the receive path, before the measured run starts.
            // A gentle first second (registration), then a third of the rate, so that the JIT has
            // compiled the path before the measured run instead of competing with it for the cores.
            Datagram warmUp = new Datagram("<30>Nov 27 22:45:49 bench-ap hostapd[1234]: warm-up ", "");
            long warmUpStart = System.nanoTime();
            long warmUpSent = 0;
            for (int second = 0; second < warmupSeconds; second++) {
                int perSecond = second == 0 ? 1000 : Math.max(1000, rate / 3);
                long secondStart = warmUpStart + second * 1_000_000_000L;
                for (int i = 0; i < perSecond; i += 10) {
                    long due = secondStart + (long) i * 1_000_000_000L / perSecond;
                    LockSupport.parkNanos(due - System.nanoTime());
                    for (int j = 0; j < 10; j++) {
                        channel.write(warmUp.with(warmUpSent++));
                    }
                }
            }
            LockSupport.parkNanos(warmUpStart + warmupSeconds * 1_000_000_000L - System.nanoTime());
            Datagram line = new Datagram("<30>Nov 27 22:45:49 bench-ap hostapd[1234]: run=" + runId + " seq=",
                    " wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated");
            reader.start();
            System.out.println("measure-start " + System.currentTimeMillis());
            start = System.nanoTime();
            // paced: whatever is due by now, then a short park
            while (sent < total) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (due <= sent) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                for (long n = Math.min(due, total); sent < n; sent++) {
                    channel.write(line.with(sent));
                }
            }
        }
        System.out.println("measure-end " + System.currentTimeMillis());
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent %d in %.2f s (%.0f lines/s)%n", sent, sendSeconds, sent / sendSeconds);
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (published.get() < sent && System.nanoTime() - lastChange < 15_000_000_000L) {
            Thread.sleep(100);
            if (published.get() != lastCount) {
                lastCount = published.get();
                lastChange = System.nanoTime();
            }
        }
        double allSeconds = (System.nanoTime() - start) / 1e9;
        reader.interrupt();
        reader.join(2000);
        long got = published.get();
        System.out.printf("published %d of %d (lost %d, %.3f%%) in %.2f s (%.0f lines/s end to end)%n", got, sent,
                sent - got, 100.0 * (sent - got) / Math.max(1, sent), allSeconds, got / allSeconds);
        System.exit(got == sent ? 0 : 1);
    }

    /** One reusable datagram: a fixed prefix, {@value #SEQ_DIGITS} sequence digits, a fixed suffix. */
    private static final class Datagram {
        private final ByteBuffer buffer;
        private final int digitsAt;

        Datagram(String prefix, String suffix) {
            byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
            buffer = ByteBuffer.allocateDirect(head.length + SEQ_DIGITS + tail.length);
            buffer.put(head).position(head.length + SEQ_DIGITS);
            buffer.put(tail);
            digitsAt = head.length;
        }

        ByteBuffer with(long seq) {
            long rest = seq;
            for (int i = SEQ_DIGITS - 1; i >= 0; i--) {
                buffer.put(digitsAt + i, (byte) ('0' + rest % 10));
                rest /= 10;
            }
            return buffer.clear();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
        // fewer, larger fetches: the broker and this process share the cores with the service measured
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(1024 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(32 * 1024 * 1024));
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICE_LOGS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /**
     * Whether {@code needle} occurs in {@code haystack} (the run id in the event's JSON):
     * Boyer-Moore-Horspool, since the consumer scans every record of a 30,000/s run on the same
     * cores as the service measured.
     */
    static boolean contains(byte[] haystack, byte[] needle, int[] shift) {
        return indexOf(haystack, needle, shift) >= 0;
    }

    /** Horspool's shift table for {@code needle} (computed once per run). */
    static int[] shiftTable(byte[] needle) {
        int m = needle.length;
        int[] shift = new int[256];
        java.util.Arrays.fill(shift, m);
        for (int i = 0; i < m - 1; i++) {
            shift[needle[i] & 0xFF] = m - 1 - i;
        }
        return shift;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int[] shift) {
        int m = needle.length;
        int i = 0;
        while (i <= haystack.length - m) {
            int j = m - 1;
            while (j >= 0 && haystack[i + j] == needle[j]) {
                j--;
            }
            if (j < 0) {
                return i;
            }
            i += shift[haystack[i + m - 1] & 0xFF];
        }
        return -1;
    }
}
