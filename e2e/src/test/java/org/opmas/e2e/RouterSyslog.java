package org.opmas.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends a router's syslog lines from the router's own loopback address, as its logd would:
 * device-service attributes a line to the device whose {@code ip_address} is the sender's address.
 * (devkit's SyslogSender sends from an ephemeral 127.0.0.1 socket, which no device owns.)
 */
final class RouterSyslog {

    /** How logd forwards: one datagram per line, newline-framed TCP, or octet-counted TCP (RFC 6587). */
    enum Transport { UDP, TCP, TCP_OCTET_COUNTED }

    private RouterSyslog() {
    }

    static void send(String routerAddress, Transport transport, List<String> lines) {
        InetSocketAddress collector = new InetSocketAddress("127.0.0.1", E2eStack.syslogPort());
        try {
            if (transport == Transport.UDP) {
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(routerAddress, 0))) {
                    for (String line : lines) {
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(bytes, bytes.length, collector));
                    }
                }
                return;
            }
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(routerAddress, 0));
                socket.connect(collector, 5000);
                OutputStream out = socket.getOutputStream();
                for (String line : lines) {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    if (transport == Transport.TCP_OCTET_COUNTED) {
                        out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                        out.write(bytes);
                    } else {
                        out.write(bytes);
                        out.write('\n');
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send syslog from " + routerAddress + " over " + transport, e);
        }
    }
}
