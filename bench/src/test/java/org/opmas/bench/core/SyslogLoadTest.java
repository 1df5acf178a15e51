package org.opmas.bench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyslogLoadTest {

    @Test
    void sendsExactlyRateTimesDurationFromEverySourceAddress() throws Exception {
        try (DatagramChannel collector = DatagramChannel.open()) {
            collector.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            collector.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) collector.getLocalAddress()).getPort();
            SyslogLoad.Sent sent;
            try (SyslogLoad load = new SyslogLoad(List.of("127.0.0.1", "127.0.0.2"), List.of("ap-1", "ap-2"), port)) {
                sent = load.run(1_000, 0.3);
            }
            assertThat(sent.lines()).isEqualTo(300);

            collector.configureBlocking(false);
            Set<String> senders = new HashSet<>();
            List<String> lines = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            InetSocketAddress from;
            while ((from = (InetSocketAddress) collector.receive(buffer.clear())) != null) {
                senders.add(from.getAddress().getHostAddress());
                lines.add(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
            }
            assertThat(lines).hasSize(300);
            assertThat(senders).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
            assertThat(lines.get(0)).startsWith("<30>").contains(" ap-1 dnsmasq-dhcp[1712]: DHCPACK(br-lan) ");
            assertThat(lines.get(1)).contains(" ap-2 ");
        }
    }
}
