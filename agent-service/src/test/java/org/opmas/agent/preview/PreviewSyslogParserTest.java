package org.opmas.agent.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opmas.agent.preview.service.PreviewSyslogParser;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;

class PreviewSyslogParserTest {

    static final Instant NOW = Instant.parse("2026-11-27T23:00:00Z");

    @Test
    void rfc3164WithHostname() {
        DeviceLogEvent e = PreviewSyslogParser.parse("<38>Nov 27 22:45:49 ap-lobby-01 dropbear[1234]: Bad password attempt for 'root' from 192.0.2.7:51234", 7, NOW);
        assertThat(e.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(e.hostname()).isEqualTo("ap-lobby-01");
        assertThat(e.program()).isEqualTo("dropbear");
        assertThat(e.pid()).isEqualTo(1234);
        assertThat(e.facility()).isEqualTo(4);
        assertThat(e.severity()).isEqualTo(6);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
        assertThat(e.message()).isEqualTo("Bad password attempt for 'root' from 192.0.2.7:51234");
        assertThat(e.deviceId()).isEqualTo(7);
    }

    @Test
    void busyboxLineWithoutHostnameAndAColonInTheMessage() {
        DeviceLogEvent e = PreviewSyslogParser.parse("<4>Nov  2 01:02:03 kernel: eth0: link up (1000Mbps/Full duplex)", 1, NOW);
        assertThat(e.hostname()).isNull();
        assertThat(e.program()).isEqualTo("kernel");
        assertThat(e.message()).isEqualTo("eth0: link up (1000Mbps/Full duplex)");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-02T01:02:03Z"));
    }

    @Test
    void rfc3164FromTheFutureBelongsToLastYear() {
        assertThat(PreviewSyslogParser.parse("<30>Dec 31 23:59:59 ap1 netifd: Interface 'wan' is now down", 1, NOW).timestamp())
                .isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
    }

    @Test
    void rfc5424AndUnparsed() {
        DeviceLogEvent e = PreviewSyslogParser.parse("<30>1 2026-11-27T22:45:40.47+00:00 ap1 netifd 812 - - Interface 'wan' is now up", 1, NOW);
        assertThat(e.format()).isEqualTo(LogFormat.RFC5424);
        assertThat(e.program()).isEqualTo("netifd");
        assertThat(e.message()).isEqualTo("Interface 'wan' is now up");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-27T22:45:40.47Z"));
        DeviceLogEvent u = PreviewSyslogParser.parse("garbage", 1, NOW);
        assertThat(u.format()).isEqualTo(LogFormat.UNPARSED);
        assertThat(u.message()).isEqualTo("garbage");
        assertThat(u.parseError()).isNotBlank();
    }
}
