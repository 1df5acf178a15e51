package org.opmas.device.ingest.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opmas.schema.events.LogFormat;

class SyslogParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-27T22:45:50Z");

    @Test
    void rfc3164WithPriAndHostname() {
        ParsedLine p = SyslogParser.parse(
                "<37>Nov 27 22:45:49 ap-lobby-01 dropbear[1234]: Bad password attempt for 'root' from 198.51.100.7:51234");
        assertThat(p.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(p.parseError()).isNull();
        assertThat(p.facility()).isEqualTo(4);
        assertThat(p.severity()).isEqualTo(5);
        assertThat(p.hostname()).isEqualTo("ap-lobby-01");
        assertThat(p.program()).isEqualTo("dropbear");
        assertThat(p.pid()).isEqualTo(1234);
        assertThat(p.message()).isEqualTo("Bad password attempt for 'root' from 198.51.100.7:51234");
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
    }

    @Test
    void rfc3164BusyboxWithoutHostname() {
        ParsedLine p = SyslogParser.parse("<132>Nov 27 22:45:49 hostapd: wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated");
        assertThat(p.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(p.facility()).isEqualTo(16);
        assertThat(p.severity()).isEqualTo(4);
        assertThat(p.hostname()).isNull();
        assertThat(p.program()).isEqualTo("hostapd");
        assertThat(p.pid()).isNull();
        assertThat(p.message()).isEqualTo("wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated");
    }

    @Test
    void rfc3164BusyboxWithPidAndNoHostname() {
        ParsedLine p = SyslogParser.parse("<30>Nov  7 03:04:05 netifd[812]: Interface 'wan' is now down");
        assertThat(p.hostname()).isNull();
        assertThat(p.program()).isEqualTo("netifd");
        assertThat(p.pid()).isEqualTo(812);
        assertThat(p.message()).isEqualTo("Interface 'wan' is now down");
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(Instant.parse("2026-11-07T03:04:05Z"));
    }

    @Test
    void rfc3164WithoutPri() {
        ParsedLine p = SyslogParser.parse("Nov 27 22:45:49 gw-01 kernel: [ 1234.567890] Out of memory: Killed process 1234 (dnsmasq) total-vm:1234kB");
        assertThat(p.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(p.facility()).isNull();
        assertThat(p.severity()).isNull();
        assertThat(p.hostname()).isEqualTo("gw-01");
        assertThat(p.program()).isEqualTo("kernel");
        assertThat(p.message()).startsWith("[ 1234.567890] Out of memory: Killed process 1234 (dnsmasq)");
    }

    @Test
    void rfc3164WithoutPriOrHostname() {
        ParsedLine p = SyslogParser.parse("Nov 27 22:45:49 dnsmasq-dhcp[1500]: DHCPACK(br-lan) 192.168.1.100 aa:bb:cc:dd:ee:ff laptop");
        assertThat(p.hostname()).isNull();
        assertThat(p.program()).isEqualTo("dnsmasq-dhcp");
        assertThat(p.pid()).isEqualTo(1500);
        assertThat(p.message()).isEqualTo("DHCPACK(br-lan) 192.168.1.100 aa:bb:cc:dd:ee:ff laptop");
    }

    @Test
    void procdAndHostapdShapes() {
        ParsedLine procd = SyslogParser.parse("<29>Nov 27 22:45:49 ap-2 procd: Instance dnsmasq::cfg01411c s in a crash loop 6 crashes, 0 seconds since last crash");
        assertThat(procd.program()).isEqualTo("procd");
        assertThat(procd.message()).startsWith("Instance dnsmasq::cfg01411c s in a crash loop");
        ParsedLine dfs = SyslogParser.parse("<30>Nov 27 22:45:49 ap-2 hostapd: wlan1: DFS-RADAR-DETECTED freq=5300 ht_enabled=1 chan_offset=0 chan_width=3 cf1=5290 cf2=0");
        assertThat(dfs.hostname()).isEqualTo("ap-2");
        assertThat(dfs.message()).isEqualTo("wlan1: DFS-RADAR-DETECTED freq=5300 ht_enabled=1 chan_offset=0 chan_width=3 cf1=5290 cf2=0");
    }

    @Test
    void lineWithoutTagKeepsWholeMessage() {
        ParsedLine p = SyslogParser.parse("<13>Nov 27 22:45:49 gw-01 something happened here");
        assertThat(p.hostname()).isEqualTo("gw-01");
        assertThat(p.program()).isNull();
        assertThat(p.message()).isEqualTo("something happened here");
    }

    @Test
    void priWithoutTimestampUsesReceiveTime() {
        ParsedLine p = SyslogParser.parse("<13>dropbear[9]: Exit before auth from <192.0.2.7:51234>: Exited normally");
        assertThat(p.format()).isEqualTo(LogFormat.RFC3164);
        assertThat(p.program()).isEqualTo("dropbear");
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(RECEIVED);
    }

    @Test
    void yearRolloverDecemberLineReceivedInJanuaryIsLastYear() {
        ParsedLine p = SyslogParser.parse("<30>Dec 31 23:59:58 gw-01 netifd: Interface 'wan' is now up");
        Instant received = Instant.parse("2027-01-01T00:00:03Z");
        assertThat(p.timestamp(ZoneOffset.UTC, received)).isEqualTo(Instant.parse("2026-12-31T23:59:58Z"));
    }

    @Test
    void yearRolloverJanuaryLineFromAClockAheadIsNextYear() {
        ParsedLine p = SyslogParser.parse("<30>Jan  1 00:00:01 gw-01 netifd: Interface 'wan' is now up");
        Instant received = Instant.parse("2026-12-31T23:59:59Z");
        assertThat(p.timestamp(ZoneOffset.UTC, received)).isEqualTo(Instant.parse("2027-01-01T00:00:01Z"));
    }

    @Test
    void routerLocalTimeIsConvertedToUtc() {
        ParsedLine p = SyslogParser.parse("<30>Nov 27 23:45:49 gw-01 netifd: Interface 'wan' is now up");
        assertThat(p.timestamp(ZoneId.of("Europe/Berlin"), RECEIVED)).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
        ParsedLine summer = SyslogParser.parse("<30>Jul  1 12:00:00 gw-01 netifd: x");
        assertThat(summer.timestamp(ZoneId.of("America/New_York"), Instant.parse("2026-07-01T16:00:05Z")))
                .isEqualTo(Instant.parse("2026-07-01T16:00:00Z"));
    }

    @Test
    void rfc5424WithStructuredDataAndBom() {
        ParsedLine p = SyslogParser.parse("<165>1 2026-11-27T22:45:40.47+01:00 ap-lobby-01 hostapd 1234 ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][meta note=\"a \\\"q\\\" \\] b\"] "
                + "\uFEFFwlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff");
        assertThat(p.format()).isEqualTo(LogFormat.RFC5424);
        assertThat(p.parseError()).isNull();
        assertThat(p.facility()).isEqualTo(20);
        assertThat(p.severity()).isEqualTo(5);
        assertThat(p.hostname()).isEqualTo("ap-lobby-01");
        assertThat(p.program()).isEqualTo("hostapd");
        assertThat(p.pid()).isEqualTo(1234);
        assertThat(p.msgId()).isEqualTo("ID47");
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(Instant.parse("2026-11-27T21:45:40.470Z"));
        assertThat(p.structuredData()).containsOnlyKeys("exampleSDID@32473", "meta");
        assertThat(p.structuredData().get("exampleSDID@32473"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("iut", "3", "eventSource", "Application", "eventID", "1011"));
        assertThat(p.structuredData().get("meta")).containsEntry("note", "a \"q\" ] b");
        assertThat(p.message()).isEqualTo("wlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff");
    }

    @Test
    void rfc5424NilValues() {
        ParsedLine p = SyslogParser.parse("<34>1 - - - - - -");
        assertThat(p.format()).isEqualTo(LogFormat.RFC5424);
        assertThat(p.hostname()).isNull();
        assertThat(p.program()).isNull();
        assertThat(p.pid()).isNull();
        assertThat(p.msgId()).isNull();
        assertThat(p.structuredData()).isNull();
        assertThat(p.message()).isEmpty();
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(RECEIVED);
    }

    @Test
    void rfc5424ZuluAndNonNumericProcId() {
        ParsedLine p = SyslogParser.parse("<13>1 2026-11-27T22:45:49Z gw-01 dnsmasq worker-2 - - no address range available for DHCP request via br-lan");
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
        assertThat(p.pid()).isNull();
        assertThat(p.message()).isEqualTo("no address range available for DHCP request via br-lan");
    }

    @Test
    void rfc5424TimeIsNotShiftedByTheRouterZone() {
        ParsedLine p = SyslogParser.parse("<13>1 2026-11-27T22:45:49Z gw-01 app - - - msg");
        assertThat(p.timestamp(ZoneId.of("Asia/Tokyo"), RECEIVED)).isEqualTo(Instant.parse("2026-11-27T22:45:49Z"));
    }

    @Test
    void logreadLocalFormat() {
        ParsedLine p = SyslogParser.parse("Thu Nov 27 22:45:49 2026 daemon.notice hostapd[1234]: wlan0: AP-STA-DISCONNECTED aa:bb:cc:dd:ee:ff");
        assertThat(p.format()).isEqualTo(LogFormat.LOGREAD);
        assertThat(p.facility()).isEqualTo(3);
        assertThat(p.severity()).isEqualTo(5);
        assertThat(p.program()).isEqualTo("hostapd");
        assertThat(p.pid()).isEqualTo(1234);
        assertThat(p.hostname()).isNull();
        assertThat(p.message()).isEqualTo("wlan0: AP-STA-DISCONNECTED aa:bb:cc:dd:ee:ff");
        assertThat(p.timestamp(ZoneId.of("Europe/Berlin"), RECEIVED)).isEqualTo(Instant.parse("2026-11-27T21:45:49Z"));
    }

    @Test
    void logreadKernelAndAuthpriv() {
        ParsedLine kernel = SyslogParser.parse("Sat Dec  5 01:02:03 2026 kern.err kernel: [  123.456] ath10k_pci 0000:01:00.0: firmware crashed!");
        assertThat(kernel.format()).isEqualTo(LogFormat.LOGREAD);
        assertThat(kernel.facility()).isEqualTo(0);
        assertThat(kernel.severity()).isEqualTo(3);
        assertThat(kernel.program()).isEqualTo("kernel");
        assertThat(kernel.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(Instant.parse("2026-12-05T01:02:03Z"));
        ParsedLine auth = SyslogParser.parse("Thu Nov 27 22:45:49 2026 authpriv.warn dropbear[77]: Login attempt for nonexistent user from 192.0.2.7:51234");
        assertThat(auth.facility()).isEqualTo(10);
        assertThat(auth.severity()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello world", "<999>Nov 27 22:45:49 x y: z", "<abc>x", "<13", "Nov 99 22:45:49 gw x: y",
            "Nov 27 2x:45:49 gw x: y", "<13>1 2026-13-40T22:45:49Z gw a - - - m", "<13>1 yesterday gw a - - - m",
            "<13>1 2026-11-27T22:45:49Z gw a - - [unterminated x=\"1\" msg", "Thu Nov 27 22:45:49 2026 bogus.level x: y",
            "\u0000\u0001binary", "{\"json\": true}"})
    void garbageIsUnparsedWithAReasonNeverAnException(String line) {
        ParsedLine p = SyslogParser.parse(line);
        assertThat(p.format()).isEqualTo(LogFormat.UNPARSED);
        assertThat(p.parseError()).isNotBlank();
        assertThat(p.message()).isEqualTo(line);
        assertThat(p.timestamp(ZoneOffset.UTC, RECEIVED)).isEqualTo(RECEIVED);
    }
}
