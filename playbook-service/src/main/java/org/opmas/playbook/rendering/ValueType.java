package org.opmas.playbook.rendering;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The types a template placeholder ({@code {{details.source_ip:ip}}}) can declare. Every value
 * placed into a command comes from a finding or a device record, so ultimately from a router's log:
 * it must match its type exactly before it is shell-quoted. No type admits a leading '-' (option
 * injection), whitespace, quotes, control characters or shell metacharacters.
 */
public enum ValueType {

    /** IPv4 or IPv6 address literal (no zone id, no port). */
    IP("ip"),
    IPV4("ipv4"),
    IPV6("ipv6"),
    /** Ethernet MAC address {@code aa:bb:cc:dd:ee:ff}, normalised to lower case. */
    MAC("mac"),
    /** Linux / netifd interface name: at most 15 characters (IFNAMSIZ - 1). */
    IFACE("iface"),
    /** An init script name under /etc/init.d. */
    SERVICE("service"),
    /** RFC 1123 host name. */
    HOSTNAME("hostname"),
    /** Non-negative decimal integer. */
    INT("int"),
    /** A UCI section name (letters, digits, underscore). */
    UCI_SECTION("uci_section"),
    /** A plain word: letters, digits, '.', '_', '-' (not leading). */
    WORD("word");

    private static final Pattern IPV4_PATTERN = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern MAC_PATTERN = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final Pattern IFACE_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");
    private static final Pattern SERVICE_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern HOSTNAME_PATTERN = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern INT_PATTERN = Pattern.compile("[0-9]{1,10}");
    private static final Pattern UCI_SECTION_PATTERN = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern WORD_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String wireName;

    ValueType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ValueType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(ValueType::wireName).collect(Collectors.joining(", "));
    }

    /**
     * The value in canonical form if it is a valid value of this type, else empty. Never throws
     * and never resolves names (an IPv6 literal is parsed only after its characters are checked).
     */
    public Optional<String> validate(String value) {
        if (value == null || value.isEmpty() || value.length() > 253) {
            return Optional.empty();
        }
        return switch (this) {
            case IP -> IPV4.validate(value).or(() -> IPV6.validate(value));
            case IPV4 -> IPV4_PATTERN.matcher(value).matches() ? Optional.of(value) : Optional.empty();
            case IPV6 -> ipv6(value);
            case MAC -> MAC_PATTERN.matcher(value).matches() ? Optional.of(value.toLowerCase(Locale.ROOT))
                    : Optional.empty();
            case IFACE -> matches(IFACE_PATTERN, value);
            case SERVICE -> matches(SERVICE_PATTERN, value);
            case HOSTNAME -> matches(HOSTNAME_PATTERN, value);
            case INT -> matches(INT_PATTERN, value);
            case UCI_SECTION -> matches(UCI_SECTION_PATTERN, value);
            case WORD -> matches(WORD_PATTERN, value);
        };
    }

    /** What a valid value looks like, for error messages. */
    public String describe() {
        return switch (this) {
            case IP -> "an IPv4 or IPv6 address";
            case IPV4 -> "an IPv4 address";
            case IPV6 -> "an IPv6 address";
            case MAC -> "a MAC address like aa:bb:cc:dd:ee:ff";
            case IFACE -> "an interface name ([A-Za-z0-9][A-Za-z0-9._-]{0,14})";
            case SERVICE -> "a service name ([a-z0-9][a-z0-9_-]{0,63})";
            case HOSTNAME -> "a host name";
            case INT -> "a non-negative integer";
            case UCI_SECTION -> "a UCI section name ([A-Za-z0-9_]{1,64})";
            case WORD -> "a word ([A-Za-z0-9][A-Za-z0-9._-]{0,63})";
        };
    }

    private static Optional<String> matches(Pattern pattern, String value) {
        return pattern.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    private static Optional<String> ipv6(String value) {
        if (!IPV6_CHARS.matcher(value).matches() || value.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            // A literal with ':' is parsed, never looked up in DNS.
            InetAddress address = InetAddress.getByName(value);
            return address instanceof java.net.Inet6Address ? Optional.of(value.toLowerCase(Locale.ROOT))
                    : Optional.empty();
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
