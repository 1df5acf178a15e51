package org.opmas.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsLieBelowTheRangeClientConnectionsTakeTheirPortsFrom() throws Exception {
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(Ports.LOWEST, Ports.EPHEMERAL_LOW - 1);
            // free for what a service binds: a TCP server and a UDP socket on every address
            try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
                tcp.bind(new InetSocketAddress(port));
                udp.bind(new InetSocketAddress(port));
            }
        }
    }

    @Test
    void aPortInUseIsNotBindable() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(Ports.free()));
            assertThat(Ports.bindable(taken.getLocalPort())).isFalse();
        }
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(Ports.free()))) {
            assertThat(Ports.bindable(taken.getLocalPort())).isFalse();
        }
    }
}
