package org.opmas.devkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SyslogScenariosTest {

    @Test
    void linesAreRfc3164AsOpenWrtSendsThem() {
        assertThat(SyslogScenarios.sshBruteForce("ap-1", "192.0.2.7", 5)).hasSize(5).first().asString()
                .matches("<84>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ap-1 dropbear\\[\\d+]: "
                        + "Bad password attempt for 'root' from 192\\.0\\.2\\.7:\\d+");
        assertThat(SyslogScenarios.interfaceFlapping(null, "wan", 2)).hasSize(8).first().asString()
                .matches("<29>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d netifd: Network device 'wan' link is down");
        assertThat(SyslogScenarios.outOfMemory("ap-1")).anyMatch(l -> l.contains("Out of memory: Killed process"));
        assertThat(SyslogScenarios.deauthFlood("ap-1", "wlan0", "3c:22:fb:12:34:56", 20)).hasSize(20)
                .allMatch(l -> l.contains("wlan0: STA 3c:22:fb:12:34:56 IEEE 802.11: d"));
        assertThat(SyslogScenarios.driverCrash("ap-1", "wlan0")).first().asString().contains("Firmware crashed");
    }

    @Test
    void sendsOneDatagramPerLine() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                SyslogSender sender = new SyslogSender("127.0.0.1", collector.getLocalPort(), SyslogSender.Transport.UDP)) {
            collector.setSoTimeout(5000);
            String line = SyslogScenarios.outOfMemory("ap-9").get(1);
            sender.send(line);
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            collector.receive(packet);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)).isEqualTo(line);
        }
    }
}
