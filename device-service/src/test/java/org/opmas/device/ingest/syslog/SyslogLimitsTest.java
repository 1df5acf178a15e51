package org.opmas.device.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.device.ingest.IngestTestSupport.createDevice;
import static org.opmas.device.ingest.IngestTestSupport.keyed;
import static org.opmas.device.ingest.IngestTestSupport.randomHostname;
import static org.opmas.device.ingest.IngestTestSupport.randomLoopbackIp;
import static org.opmas.device.ingest.IngestTestSupport.sendTcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.device.ingest.IngestTestSupport.LogTopicReader;
import org.opmas.device.ingest.service.DropReason;
import org.opmas.device.ingest.service.IngestMetrics;
import org.opmas.device.ingest.service.Transport;
import org.opmas.device.inventory.service.InMemoryDeviceDirectory;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The receivers' limits over real sockets, with the test profile's small values: 200 lines/s and
 * a burst of 500 per source, 40 TCP connections in total, 3 per source, 64 KiB frames.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SyslogLimitsTest {

    private static final int BURST = 500;
    private static final int MAX_CONNECTIONS = 40;
    private static final int MAX_PER_SOURCE = 3;

    private static LogTopicReader topic;

    @Inject
    SyslogReceiver receiver;
    @Inject
    IngestMetrics metrics;
    @Inject
    InMemoryDeviceDirectory directory;

    @BeforeAll
    static void openTopic() {
        topic = new LogTopicReader();
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    private Socket connect(String fromIp) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(fromIp), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.tcpPort()), 5000);
        return socket;
    }

    /** True when the server closed the connection (read sees end of stream) within 5 s. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try (InputStream in = socket.getInputStream()) {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void writeLine(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    @Test
    void linesOverASourcesRateAreDroppedAndCountedWhileOtherSourcesPass() throws Exception {
        String floodIp = randomLoopbackIp();
        String quietIp = randomLoopbackIp();
        int flooder = createDevice(directory, randomHostname("flood"), floodIp, null);
        int quiet = createDevice(directory, randomHostname("quiet"), quietIp, null);
        double droppedBefore = metrics.droppedCount(Transport.TCP, DropReason.RATE_LIMITED);
        double receivedBefore = metrics.receivedCount(Transport.TCP);
        int sent = 2000;
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < sent; i++) {
            stream.append("<13>Nov 27 22:45:49 gw x: flood ").append(i).append('\n');
        }

        sendTcp(floodIp, receiver.tcpPort(), stream.toString().getBytes(StandardCharsets.UTF_8));

        // every line is either published or counted as rate limited, none lost
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            topic.await(keyed(flooder), 1);
            return topic.seen(keyed(flooder)).size()
                    + metrics.droppedCount(Transport.TCP, DropReason.RATE_LIMITED) - droppedBefore >= sent;
        });
        double dropped = metrics.droppedCount(Transport.TCP, DropReason.RATE_LIMITED) - droppedBefore;
        int published = topic.seen(keyed(flooder)).size();
        assertThat(published + dropped).isEqualTo(sent);
        assertThat(metrics.receivedCount(Transport.TCP) - receivedBefore).isGreaterThanOrEqualTo(sent);
        // the burst passes; what got through beyond it is what the refill allowed meanwhile
        assertThat(published).isBetween(BURST, sent - 200);
        assertThat(dropped).isGreaterThanOrEqualTo(200);

        sendTcp(quietIp, receiver.tcpPort(), "<13>Nov 27 22:45:49 gw x: unaffected\n".getBytes(StandardCharsets.UTF_8));
        DeviceLogEvent event = EventJson.fromBytes(topic.await(keyed(quiet), 1).get(0).value(), DeviceLogEvent.class);
        assertThat(event.message()).isEqualTo("unaffected");
    }

    @Test
    void connectionsBeyondThePerSourceLimitAreClosedAndCounted() throws Exception {
        String ip = randomLoopbackIp();
        int deviceId = createDevice(directory, randomHostname("conn"), ip, null);
        double refusedBefore = metrics.connectionsRefusedCount(true);
        int openBefore = receiver.openTcpConnections();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_SOURCE; i++) {
                sockets.add(connect(ip));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.openTcpConnections() >= openBefore + MAX_PER_SOURCE);

            try (Socket excess = connect(ip)) {
                assertThat(closedByServer(excess)).as("connection over the per-source limit is closed").isTrue();
            }
            assertThat(metrics.connectionsRefusedCount(true)).isEqualTo(refusedBefore + 1);

            // the admitted ones still work
            writeLine(sockets.get(0), "<13>Nov 27 22:45:49 gw x: still open");
            assertThat(topic.await(keyed(deviceId), 1)).hasSize(1);

            // a slot freed by closing is available again
            sockets.remove(0).close();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.openTcpConnections() == openBefore + MAX_PER_SOURCE - 1);
            try (Socket again = connect(ip)) {
                writeLine(again, "<13>Nov 27 22:45:49 gw x: admitted again");
                assertThat(topic.await(keyed(deviceId), 2)).hasSize(2);
            }
            assertThat(metrics.connectionsRefusedCount(true)).isEqualTo(refusedBefore + 1);
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void connectionsBeyondTheTotalLimitAreClosedAndCounted() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.openTcpConnections() < MAX_CONNECTIONS);
        double refusedBefore = metrics.connectionsRefusedCount(false);
        List<Socket> sockets = new ArrayList<>();
        Set<String> ips = new HashSet<>();
        try {
            // counted once: the server counts each connection a moment after connect() returns
            int toOpen = MAX_CONNECTIONS - receiver.openTcpConnections();
            while (sockets.size() < toOpen) {
                String ip = randomLoopbackIp();
                if (ips.add(ip)) {
                    sockets.add(connect(ip));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.openTcpConnections() == MAX_CONNECTIONS);

            try (Socket excess = connect(randomLoopbackIp())) {
                assertThat(closedByServer(excess)).as("connection over the total limit is closed").isTrue();
            }
            assertThat(metrics.connectionsRefusedCount(false)).isEqualTo(refusedBefore + 1);
            assertThat(receiver.openTcpConnections()).isEqualTo(MAX_CONNECTIONS);
        } finally {
            closeAll(sockets);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.openTcpConnections() <= MAX_CONNECTIONS - sockets.size());
    }

    @Test
    void anOctetCountAnnouncingAHugeFrameIsCutAtTheLimitAndCounted() throws Exception {
        String ip = randomLoopbackIp();
        int deviceId = createDevice(directory, randomHostname("huge"), ip, null);
        double before = metrics.droppedCount(Transport.TCP, DropReason.OVERSIZED);
        String message = "<13>Nov 27 22:45:49 gw x: " + "b".repeat(300_000);

        // announces ~1 GB, sends 300 KB, then hangs up: the receiver keeps 64 KiB and skips the rest
        sendTcp(ip, receiver.tcpPort(), ("999999999 " + message).getBytes(StandardCharsets.UTF_8));

        DeviceLogEvent event = EventJson.fromBytes(topic.await(keyed(deviceId), 1).get(0).value(), DeviceLogEvent.class);
        assertThat(event.raw()).hasSize(65536).startsWith("<13>Nov 27 22:45:49 gw x: bbb");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.droppedCount(Transport.TCP, DropReason.OVERSIZED) == before + 1);
    }
}
