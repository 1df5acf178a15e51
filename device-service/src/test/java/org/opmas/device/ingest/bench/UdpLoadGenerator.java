package org.opmas.device.ingest.bench;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * <pre>
 * java -cp ... org.opmas.device.ingest.bench.UdpLoadGenerator --port 5514 --rate 30000 --seconds 30 \
 *      --bootstrap 127.0.0.1:19092 [--host 127.0.0.1] [--from 127.0.0.1] [--warmup-seconds 5]
 * </pre>
 */
public final class UdpLoadGenerator {

    private UdpLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        String from = "127.0.0.1";
        int port = 5514;
        int rate = 30_000;
        int seconds = 30;
        int warmupSeconds = 5;
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
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap);
        AtomicLong published = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (contains(r.value(), marker)) {
                        published.incrementAndGet();
                    }
                }
            }
        }, "load-reader");

        long total = (long) rate * seconds;
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(host), port);
        System.out.printf("run %s: %d lines/s for %d s to udp://%s:%d from %s%n", runId, rate, seconds, host, port, from);
        long sent = 0;
        long start;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            socket.setSendBufferSize(4 * 1024 * 1024);
            // Warm-up, not counted: the unknown-source policy registers the sender on its first line,
            // and the JIT compiles the receive path, before the measured run starts.
            for (int w = 0; w < warmupSeconds * 1000; w++) {
                byte[] line = ("<30>Nov 27 22:45:49 bench-ap hostapd[1234]: warm-up " + w).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(line, line.length, target));
                if (w % 10 == 9) {
                    Thread.sleep(10);
                }
            }
            reader.start();
            start = System.nanoTime();
            // paced per millisecond: rate/1000 lines, then wait for the next tick
            while (sent < total) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (due <= sent) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                for (long n = Math.min(due, total); sent < n; sent++) {
                    byte[] line = ("<30>Nov 27 22:45:49 bench-ap hostapd[1234]: run=" + runId + " seq=" + sent
                            + " wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated").getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(line, line.length, target));
                }
            }
        }
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

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICE_LOGS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
