package org.opmas.device.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SyslogFrameDecoderTest {

    private final List<String> frames = new ArrayList<>();
    private final List<Boolean> oversized = new ArrayList<>();

    private SyslogFrameDecoder decoder(int max) {
        return new SyslogFrameDecoder(max, (bytes, length, cut) -> {
            frames.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
            oversized.add(cut);
        });
    }

    private static void feed(SyslogFrameDecoder decoder, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        decoder.feed(bytes, 0, bytes.length);
    }

    @Test
    void newlineFramesAcrossChunksWithCrlf() {
        SyslogFrameDecoder d = decoder(1024);
        feed(d, "<13>Nov 27 22:45:49 a b: one\r\n<13>Nov 27 22:45:49 a b: t");
        feed(d, "wo\n\n<13>Nov");
        assertThat(frames).containsExactly("<13>Nov 27 22:45:49 a b: one", "<13>Nov 27 22:45:49 a b: two");
        d.finish();
        assertThat(frames).last().isEqualTo("<13>Nov");
    }

    @Test
    void octetCountedFramesMayContainNewlines() {
        SyslogFrameDecoder d = decoder(1024);
        String m1 = "<13>1 - h a - - - line1\nline2";
        String m2 = "<13>Nov 27 22:45:49 h a: x";
        String stream = m1.length() + " " + m1 + m2.length() + " " + m2;
        // byte by byte: framing state must survive any chunking
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            d.feed(new byte[] {b}, 0, 1);
        }
        assertThat(frames).containsExactly(m1, m2);
        assertThat(oversized).containsOnly(false);
    }

    @Test
    void framingIsDetectedPerFrame() {
        SyslogFrameDecoder d = decoder(1024);
        feed(d, "5 hello<13>Nov 27 22:45:49 h a: nl\n3 abc2026-11-27 is a line\n");
        assertThat(frames).containsExactly("hello", "<13>Nov 27 22:45:49 h a: nl", "abc", "2026-11-27 is a line");
    }

    @Test
    void oversizedLineIsCutAndTheRestSkipped() {
        SyslogFrameDecoder d = decoder(10);
        feed(d, "abcdefghijKLMNOP");
        feed(d, "QRST\nnext\n");
        assertThat(frames).containsExactly("abcdefghij", "next");
        assertThat(oversized).containsExactly(true, false);
    }

    @Test
    void oversizedOctetFrameIsCutAndTheRestSkipped() {
        SyslogFrameDecoder d = decoder(4);
        feed(d, "10 0123456789");
        feed(d, "2 ok");
        assertThat(frames).containsExactly("0123", "ok");
        assertThat(oversized).containsExactly(true, false);
    }

    @Test
    void aHugeAnnouncedLengthKeepsOnlyTheLimitHoweverMuchArrives() {
        SyslogFrameDecoder d = decoder(16);
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
        feed(d, "999999999 ");
        for (int i = 0; i < 1000; i++) { // 8 MB streamed into a frame that may keep 16 bytes
            d.feed(chunk, 0, chunk.length);
        }
        assertThat(frames).isEmpty();
        d.finish();
        assertThat(frames).containsExactly("x".repeat(16));
        assertThat(oversized).containsExactly(true);
    }

    @Test
    void tooManyLengthDigitsIsReadAsALineNotAnOctetCount() {
        SyslogFrameDecoder d = decoder(1024);
        feed(d, "12345678901234567890 not a count\nnext\n");
        assertThat(frames).containsExactly("12345678901234567890 not a count", "next");
        assertThat(oversized).containsExactly(false, false);
    }

    @Test
    void emptyLinesAndNulBytesBetweenFramesAreSkipped() {
        SyslogFrameDecoder d = decoder(1024);
        d.feed(new byte[] {'\n', '\r', '\n', 0, 0, 'a', '\n', '\n', '2', ' ', 'o', 'k'}, 0, 12);
        assertThat(frames).containsExactly("a", "ok");
    }
}
