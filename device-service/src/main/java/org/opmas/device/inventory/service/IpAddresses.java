package org.opmas.device.inventory.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.netty.util.NetUtil;

/**
 * IP address literals. Parsing never resolves names (no DNS on the request or ingest path), and the
 * canonical form is the one PostgreSQL prints for {@code inet} (dotted quad; RFC 5952 compressed
 * lower-case IPv6), so an address from a socket, a request and the database compare equal.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The canonical text of an IPv4 or IPv6 literal; empty for anything else (names, netmasks, zones). */
    public static Optional<String> canonical(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.isEmpty() || value.length() > 45 || value.indexOf('%') >= 0 || value.indexOf('/') >= 0) {
            return Optional.empty();
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(value);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return Optional.of(NetUtil.toAddressString(address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public static boolean isValid(String text) {
        return canonical(text).isPresent();
    }
}
