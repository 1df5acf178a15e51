package org.opmas.device.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opmas.device.ingest.IngestTestSupport.createDevice;
import static org.opmas.device.ingest.IngestTestSupport.header;
import static org.opmas.device.ingest.IngestTestSupport.keyed;
import static org.opmas.device.ingest.IngestTestSupport.octetCounted;
import static org.opmas.device.ingest.IngestTestSupport.randomHostname;
import static org.opmas.device.ingest.IngestTestSupport.randomLoopbackIp;
import static org.opmas.device.ingest.IngestTestSupport.sendTcp;
import static org.opmas.device.ingest.IngestTestSupport.sendUdp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.device.ingest.IngestTestSupport.LogTopicReader;
import org.opmas.device.ingest.service.DropReason;
import org.opmas.device.ingest.service.IngestMetrics;
import org.opmas.device.ingest.service.Transport;
import org.opmas.device.ingest.syslog.SyslogReceiver;
import org.opmas.device.inventory.service.BatchedLastSeenTracker;
import org.opmas.device.inventory.service.InMemoryDeviceDirectory;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;
import org.opmas.schema.validation.EventValidator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SyslogIngestTest {

    private static LogTopicReader topic;

    @Inject
    SyslogReceiver receiver;
    @Inject
    IngestMetrics metrics;
    @Inject
    BatchedLastSeenTracker lastSeen;
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

    /** Now on the router's wall clock, as RFC 3164 writes it ("Nov  7 22:45:49"). */
    private static String bsdNow(ZoneId zone, LocalDateTime[] out) {
        LocalDateTime now = LocalDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        out[0] = now;
        return String.format(Locale.ROOT, "%s %2d %02d:%02d:%02d",
                now.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH), now.getDayOfMonth(),
                now.getHour(), now.getMinute(), now.getSecond());
    }

    private static DeviceLogEvent payload(ConsumerRecord<String, byte[]> record) {
        var validation = EventValidator.shared().validate(CloudEvents.DEVICE_LOG_V1, record.value());
        assertThat(validation.errors()).as("published event validates against the schema").isEmpty();
        return EventJson.fromTree(validation.payload(), DeviceLogEvent.class);
    }

    @Test
    void udpRfc3164WithPriAndHostnameArrivesKeyedByDeviceInUtc() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("ap");
        int deviceId = createDevice(directory, host, ip, "Europe/Berlin");
        LocalDateTime[] local = new LocalDateTime[1];
        String line = "<37>" + bsdNow(ZoneId.of("Europe/Berlin"), local) + " " + host
                + " dropbear[1234]: Bad password attempt for 'root' from 198.51.100.7:51234";
        Instant before = Instant.now();

        sendUdp(ip, receiver.udpPort(), line + "\n");

        ConsumerRecord<String, byte[]> record = topic.await(keyed(deviceId), 1).get(0);
        DeviceLogEvent event = payload(record);
        assertThat(event.deviceId()).isEqualTo(deviceId);
        assertThat(event.hostname()).isEqualTo(host);
        assertThat(event.sourceIp()).isEqualTo(ip);
        assertThat(event.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(event.facility()).isEqualTo(4);
        assertThat(event.severity()).isEqualTo(5);
        assertThat(event.program()).isEqualTo("dropbear");
        assertThat(event.pid()).isEqualTo(1234);
        assertThat(event.message()).isEqualTo("Bad password attempt for 'root' from 198.51.100.7:51234");
        assertThat(event.raw()).isEqualTo(line);
        assertThat(event.parseError()).isNull();
        assertThat(event.timestamp()).isEqualTo(local[0].atZone(ZoneId.of("Europe/Berlin")).toInstant());
        assertThat(event.receivedAt()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(header(record, CloudEvents.TYPE)).isEqualTo(CloudEvents.DEVICE_LOG_V1);
        assertThat(header(record, CloudEvents.ID)).isEqualTo(event.id().toString());
        assertThat(header(record, CloudEvents.SOURCE)).isEqualTo(CloudEvents.SOURCE_DEVICE_SERVICE);
        assertThat(header(record, CloudEvents.SPEC_VERSION_HEADER)).isEqualTo("1.0");
    }

    @Test
    void udpBusyboxWithoutHostnameAndLineWithoutPri() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("gw");
        int deviceId = createDevice(directory, host, ip, null);
        LocalDateTime[] local = new LocalDateTime[1];
        String stamp = bsdNow(ZoneOffset.UTC, local);

        sendUdp(ip, receiver.udpPort(),
                "<132>" + stamp + " hostapd: wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated",
                stamp + " " + host + " kernel: br-lan: port 2(lan2) entered disabled state");

        List<DeviceLogEvent> events = topic.await(keyed(deviceId), 2).stream().map(SyslogIngestTest::payload).toList();
        DeviceLogEvent busybox = events.stream().filter(e -> "hostapd".equals(e.program())).findFirst().orElseThrow();
        assertThat(busybox.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(busybox.hostname()).as("filled in from the device: busybox omits it").isEqualTo(host);
        assertThat(busybox.facility()).isEqualTo(16);
        assertThat(busybox.severity()).isEqualTo(4);
        assertThat(busybox.message()).isEqualTo("wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated");
        assertThat(busybox.timestamp()).isEqualTo(local[0].toInstant(ZoneOffset.UTC));
        DeviceLogEvent noPri = events.stream().filter(e -> "kernel".equals(e.program())).findFirst().orElseThrow();
        assertThat(noPri.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(noPri.facility()).isNull();
        assertThat(noPri.severity()).isNull();
        assertThat(noPri.message()).isEqualTo("br-lan: port 2(lan2) entered disabled state");
    }

    @Test
    void tcpNewlineFramedRfc3164Rfc5424AndLogread() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("ap");
        int deviceId = createDevice(directory, host, ip, "UTC");
        LocalDateTime[] local = new LocalDateTime[1];
        String stream = "<30>" + bsdNow(ZoneOffset.UTC, local) + " " + host + " netifd: Interface 'wan' is now down\r\n"
                + "<165>1 2026-11-27T22:45:40.47+00:00 " + host + " hostapd 77 ID47 [origin ip=\"" + ip
                + "\"] wlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff\n"
                + "Thu Nov 27 22:45:49 2026 daemon.notice dnsmasq-dhcp[1500]: DHCPACK(br-lan) 192.168.1.100 aa:bb:cc:dd:ee:ff\n";

        sendTcp(ip, receiver.tcpPort(), stream.getBytes(StandardCharsets.UTF_8));

        List<DeviceLogEvent> events = topic.await(keyed(deviceId), 3).stream().map(SyslogIngestTest::payload).toList();
        assertThat(events).extracting(DeviceLogEvent::format)
                .containsExactly(LogFormat.RFC3164, LogFormat.RFC5424, LogFormat.LOGREAD);
        assertThat(events.get(0).message()).isEqualTo("Interface 'wan' is now down");
        DeviceLogEvent rfc5424 = events.get(1);
        assertThat(rfc5424.program()).isEqualTo("hostapd");
        assertThat(rfc5424.pid()).isEqualTo(77);
        assertThat(rfc5424.msgId()).isEqualTo("ID47");
        assertThat(rfc5424.timestamp()).isEqualTo(Instant.parse("2026-11-27T22:45:40.470Z"));
        assertThat(rfc5424.structuredData()).containsKey("origin");
        assertThat(rfc5424.structuredData().get("origin")).containsEntry("ip", ip);
        DeviceLogEvent logread = events.get(2);
        assertThat(logread.facility()).isEqualTo(3);
        assertThat(logread.severity()).isEqualTo(5);
        assertThat(logread.program()).isEqualTo("dnsmasq-dhcp");
        assertThat(logread.timestamp()).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.deviceId()).isEqualTo(deviceId);
            assertThat(e.sourceIp()).isEqualTo(ip);
        });
    }

    @Test
    void tcpOctetCountedFramesKeepEmbeddedNewlines() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("ap");
        int deviceId = createDevice(directory, host, ip, null);
        String multiline = "<11>1 2026-11-27T22:45:49Z " + host + " procd - - - Instance x::y s in a crash loop\nsecond line";
        String busybox = "<29>Nov 27 22:45:49 procd: Instance dnsmasq::cfg01411c s in a crash loop 6 crashes";

        sendTcp(ip, receiver.tcpPort(), octetCounted(multiline, busybox));

        List<DeviceLogEvent> events = topic.await(keyed(deviceId), 2).stream().map(SyslogIngestTest::payload).toList();
        assertThat(events.get(0).format()).isEqualTo(LogFormat.RFC5424);
        assertThat(events.get(0).message()).isEqualTo("Instance x::y s in a crash loop\nsecond line");
        assertThat(events.get(1).format()).isEqualTo(LogFormat.RFC3164);
        assertThat(events.get(1).program()).isEqualTo("procd");
        assertThat(events.get(1).hostname()).isEqualTo(host);
    }

    @Test
    void malformedLinesAreForwardedUnparsedAndCounted() throws Exception {
        String ip = randomLoopbackIp();
        int deviceId = createDevice(directory, randomHostname("gw"), ip, null);
        double failedBefore = metrics.failedCount(Transport.UDP);
        String garbage = "this is not syslog \u00e4\u00f6\u00fc {\"x\":1}";

        sendUdp(ip, receiver.udpPort(), garbage);

        DeviceLogEvent event = payload(topic.await(keyed(deviceId), 1).get(0));
        assertThat(event.format()).isEqualTo(LogFormat.UNPARSED);
        assertThat(event.parseError()).isNotBlank();
        assertThat(event.raw()).isEqualTo(garbage);
        assertThat(event.message()).isEqualTo(garbage);
        assertThat(event.timestamp()).isEqualTo(event.receivedAt());
        assertThat(metrics.failedCount(Transport.UDP)).isGreaterThanOrEqualTo(failedBefore + 1);
    }

    @Test
    void oversizedTcpFrameIsCutAndCounted() throws Exception {
        String ip = randomLoopbackIp();
        int deviceId = createDevice(directory, randomHostname("gw"), ip, null);
        double before = metrics.droppedCount(Transport.TCP, DropReason.OVERSIZED);
        String huge = "<13>Nov 27 22:45:49 gw x: " + "a".repeat(200_000);

        sendTcp(ip, receiver.tcpPort(), (huge + "\n<13>Nov 27 22:45:49 gw x: after\n").getBytes(StandardCharsets.UTF_8));

        List<DeviceLogEvent> events = topic.await(keyed(deviceId), 2).stream().map(SyslogIngestTest::payload).toList();
        assertThat(events.get(0).raw()).hasSize(65536);
        assertThat(events.get(1).message()).isEqualTo("after");
        assertThat(metrics.droppedCount(Transport.TCP, DropReason.OVERSIZED)).isEqualTo(before + 1);
    }

    @Test
    void unknownSourceIsDroppedAndCountedByDefault() throws Exception {
        String unknownIp = randomLoopbackIp();
        String knownIp = randomLoopbackIp();
        int knownId = createDevice(directory, randomHostname("gw"), knownIp, null);
        double before = metrics.droppedCount(Transport.UDP, DropReason.UNKNOWN_SOURCE);

        sendUdp(unknownIp, receiver.udpPort(), "<13>Nov 27 22:45:49 " + randomHostname("stranger") + " x: hello");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> metrics.droppedCount(Transport.UDP, DropReason.UNKNOWN_SOURCE) >= before + 1);
        // a later line from a known device has been published: the dropped one would be before it
        sendUdp(knownIp, receiver.udpPort(), "<13>Nov 27 22:45:49 gw x: sentinel");
        topic.await(keyed(knownId), 1);

        assertThat(topic.seen(r -> new String(r.value(), StandardCharsets.UTF_8).contains(unknownIp))).isEmpty();
    }

    @Test
    void lastSeenAtAdvancesWithLogs() throws Exception {
        String ip = randomLoopbackIp();
        int deviceId = createDevice(directory, randomHostname("gw"), ip, null);
        assertThat(IngestTestSupport.lastSeenAt(deviceId)).isNull();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        sendUdp(ip, receiver.udpPort(), "<13>Nov 27 22:45:49 gw x: first");
        topic.await(keyed(deviceId), 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            lastSeen.flush().await().atMost(Duration.ofSeconds(5));
            return IngestTestSupport.lastSeenAt(deviceId) != null;
        });
        Instant first = IngestTestSupport.lastSeenAt(deviceId);
        assertThat(first).isAfterOrEqualTo(before.minusMillis(1));

        sendUdp(ip, receiver.udpPort(), "<13>Nov 27 22:45:49 gw x: second");
        topic.await(keyed(deviceId), 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            lastSeen.flush().await().atMost(Duration.ofSeconds(5));
            return IngestTestSupport.lastSeenAt(deviceId).isAfter(first);
        });
    }
}
