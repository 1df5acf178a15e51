package org.opmas.device.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The UDP reader over a real loopback socket (the service's ingest path is in SyslogIngestTest). */
class UdpReceiveLoopTest {

    private record Received(String payload, boolean oversized, InetSocketAddress sender, String thread) {
    }

    @Test
    void deliversEachDatagramOnItsOwnThreadAndCutsOversizedOnes() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        try (UdpReceiveLoop loop = new UdpReceiveLoop("test-udp", new InetSocketAddress("127.0.0.1", 0), 1 << 20, 16,
                (payload, oversized, sender) -> received.add(new Received(new String(payload, StandardCharsets.UTF_8),
                        oversized, sender, Thread.currentThread().getName())));
                DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(loop.port()).isPositive();
            send(client, loop.port(), "<30>short line\n");
            send(client, loop.port(), "exactly-16-bytes");
            send(client, loop.port(), "a line longer than sixteen bytes");

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
            assertThat(received).extracting(Received::payload)
                    .containsExactly("<30>short line\n", "exactly-16-bytes", "a line longer th");
            assertThat(received).extracting(Received::oversized).containsExactly(false, false, true);
            assertThat(received).extracting(Received::thread).containsOnly("test-udp");
            assertThat(received.get(0).sender().getPort()).isEqualTo(client.getLocalPort());
            assertThat(received.get(0).sender().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheReading() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (UdpReceiveLoop loop = new UdpReceiveLoop("test-udp", new InetSocketAddress("127.0.0.1", 0), 1 << 20, 1024,
                (payload, oversized, sender) -> {
                    String line = new String(payload, StandardCharsets.UTF_8);
                    if (line.equals("boom")) {
                        throw new IllegalStateException("bug in handling");
                    }
                    received.add(line);
                });
                DatagramSocket client = new DatagramSocket()) {
            send(client, loop.port(), "boom");
            send(client, loop.port(), "after");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after"));
        }
    }

    @Test
    void closeStopsTheThreadAndFreesThePort() throws Exception {
        UdpReceiveLoop loop = new UdpReceiveLoop("test-udp-close", new InetSocketAddress("127.0.0.1", 0), 1 << 20,
                1024, (payload, oversized, sender) -> { });
        int port = loop.port();
        loop.close();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("test-udp-close");
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private static void send(DatagramSocket client, int port, String line) throws Exception {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }
}
