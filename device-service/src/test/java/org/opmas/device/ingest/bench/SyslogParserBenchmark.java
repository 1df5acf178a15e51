package org.opmas.device.ingest.bench;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.opmas.device.ingest.parser.ParsedLine;
import org.opmas.device.ingest.parser.SyslogParser;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;

/**
 * Lines per second through the parser (one thread = one core), over a mix of real OpenWrt
 * lines in every format. {@code parseAndSerialize} adds what the ingest path does after
 * parsing on the event loop: resolve the time and write the event's JSON.
 * Run: see docs/benchmarks/device-service.md. Not part of the test run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class SyslogParserBenchmark {

    static final String[] LINES = {
        "<37>Nov 27 22:45:49 ap-lobby-01 dropbear[1234]: Bad password attempt for 'root' from 198.51.100.7:51234",
        "<132>Nov 27 22:45:49 hostapd: wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated",
        "<30>Nov  7 03:04:05 netifd[812]: Interface 'wan' is now down",
        "<4>Nov 27 22:45:49 gw-01 kernel: [ 1234.567890] Out of memory: Killed process 1234 (dnsmasq) total-vm:1234kB",
        "<30>Nov 27 22:45:49 gw-01 dnsmasq-dhcp[1500]: DHCPACK(br-lan) 192.168.1.100 aa:bb:cc:dd:ee:ff laptop",
        "<29>Nov 27 22:45:49 ap-2 procd: Instance dnsmasq::cfg01411c s in a crash loop 6 crashes, 0 seconds since last crash",
        "<165>1 2026-11-27T22:45:40.47+00:00 ap-lobby-01 hostapd 1234 ID47 [origin ip=\"192.0.2.41\"] wlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff",
        "<13>1 2026-11-27T22:45:49Z gw-01 dnsmasq - - - no address range available for DHCP request via br-lan",
        "Thu Nov 27 22:45:49 2026 daemon.notice hostapd[1234]: wlan0: AP-STA-DISCONNECTED aa:bb:cc:dd:ee:ff",
        "Thu Nov 27 22:45:49 2026 kern.err kernel: [  123.456] ath10k_pci 0000:01:00.0: firmware crashed!",
        "<30>Nov 27 22:45:49 ap-2 hostapd: wlan1: DFS-RADAR-DETECTED freq=5300 ht_enabled=1 chan_offset=0 chan_width=3 cf1=5290 cf2=0",
        "this line is garbage and ends up unparsed",
    };

    private static final Instant RECEIVED = Instant.parse("2026-11-27T22:45:50Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final UUID ID = UUID.randomUUID();

    @Benchmark
    @OperationsPerInvocation(12)
    public void parse(Blackhole bh) {
        for (String line : LINES) {
            ParsedLine p = SyslogParser.parse(line);
            bh.consume(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(12)
    public void parseResolveTime(Blackhole bh) {
        for (String line : LINES) {
            ParsedLine p = SyslogParser.parse(line);
            bh.consume(p.timestamp(ZONE, RECEIVED));
        }
    }

    @Benchmark
    @OperationsPerInvocation(12)
    public void parseAndSerialize(Blackhole bh) {
        for (String line : LINES) {
            ParsedLine p = SyslogParser.parse(line);
            DeviceLogEvent event = new DeviceLogEvent(ID, 42L, p.hostname(), "192.0.2.41", RECEIVED,
                    p.timestamp(ZoneOffset.UTC, RECEIVED), p.facility(), p.severity(), p.program(), p.pid(), p.msgId(),
                    p.message(), line, p.format(), p.parseError(), p.structuredData());
            bh.consume(EventJson.toBytes(event));
        }
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {SyslogParserBenchmark.class.getName()});
    }
}
