package org.opmas.devkit.simulator;

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
 * Sends syslog lines to a collector the way OpenWrt's logd does: one datagram per line over UDP,
 * or newline-terminated (or octet-counted, RFC 6587) frames over one TCP connection.
 */
public final class SyslogSender implements AutoCloseable {

    public enum Transport { UDP, TCP, TCP_OCTET_COUNTED }

    private final InetSocketAddress collector;
    private final Transport transport;
    private DatagramSocket udp;
    private Socket tcp;

    public SyslogSender(String host, int port, Transport transport) {
        this.collector = new InetSocketAddress(host, port);
        this.transport = transport;
    }

    public synchronized void send(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            if (transport == Transport.UDP) {
                if (udp == null) {
                    udp = new DatagramSocket();
                }
                udp.send(new DatagramPacket(bytes, bytes.length, collector));
                return;
            }
            if (tcp == null || tcp.isClosed()) {
                tcp = new Socket();
                tcp.connect(collector, 5000);
            }
            OutputStream out = tcp.getOutputStream();
            if (transport == Transport.TCP_OCTET_COUNTED) {
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
            } else {
                out.write(bytes);
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot send syslog to " + collector, e);
        }
    }

    public void sendAll(List<String> lines) {
        lines.forEach(this::send);
    }

    @Override
    public synchronized void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
