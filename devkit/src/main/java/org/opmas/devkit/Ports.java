package org.opmas.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports, so two test JVMs (or a test run beside a running stack) never collide. */
public final class Ports {

    /** Lowest port handed out: well above the registered services people tend to run locally. */
    static final int LOWEST = 10_000;

    /**
     * First port of the kernel's range for outgoing connections. A port chosen inside it can be taken
     * by any client connection (Kafka, PostgreSQL, HTTP) between the choice and the server's bind,
     * seconds later when a stack starts: seen as "Address already in use" for device-service's syslog
     * port in CI. So ports are chosen below it.
     */
    static final int EPHEMERAL_LOW = ephemeralLow();

    private Ports() {
    }

    /**
     * A port nothing listens on, TCP or UDP, on any address, below the kernel's range for outgoing
     * connections; chosen at random so that two JVMs asking at once rarely pick the same one.
     */
    public static int free() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200 && EPHEMERAL_LOW > LOWEST; attempt++) {
            int port = random.nextInt(LOWEST, EPHEMERAL_LOW);
            if (bindable(port)) {
                return port;
            }
        }
        // an unusual range (or a crowded machine): the kernel's own choice, as before
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** True when both a TCP server and a UDP socket can bind the port on every address. */
    static boolean bindable(int port) {
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress(port), 1);
        } catch (IOException e) {
            return false;
        }
        try (DatagramSocket udp = new DatagramSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Linux: /proc/sys/net/ipv4/ip_local_port_range; elsewhere the IANA dynamic range (macOS, Windows). */
    private static int ephemeralLow() {
        try {
            // a reader, not Files.readString: /proc files report size 0 and readString then stops early
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
