package org.opmas.devkit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends a router's syslog lines over UDP from the router's own loopback address, as its logd would:
 * device-service attributes a line to the device whose {@code ip_address} is the sender's address.
 * (The simulator's SyslogSender sends from an ephemeral 127.0.0.1 socket.)
 */
final class RouterSyslog {

    private RouterSyslog() {
    }

    static void send(String routerAddress, String collectorHost, int collectorPort, List<String> lines) {
        InetSocketAddress collector = new InetSocketAddress(collectorHost, collectorPort);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(routerAddress, 0))) {
            for (String line : lines) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, collector));
                // A real router's lines trickle in; a short gap also keeps UDP buffers from dropping any.
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send syslog from " + routerAddress + " to " + collector, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending syslog", e);
        }
    }
}
