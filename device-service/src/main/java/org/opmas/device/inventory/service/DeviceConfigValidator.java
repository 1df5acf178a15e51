package org.opmas.device.inventory.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.opmas.common.rest.FieldError;

/**
 * The connection settings a device's {@code config} may hold (the cross-service contract):
 * {@code ssh_port}, {@code ssh_user}, {@code host_key}, {@code trust_on_first_use},
 * {@code timezone}, and {@code tenant} (reserved). Anything else is rejected, so a typo such as
 * {@code ssh_prot} is an error instead of a setting the executor silently ignores — and nothing
 * secret can end up in config, which is published on opmas.devices.
 */
public final class DeviceConfigValidator {

    public static final String SSH_PORT = "ssh_port";
    public static final String SSH_USER = "ssh_user";
    public static final String HOST_KEY = "host_key";
    public static final String TRUST_ON_FIRST_USE = "trust_on_first_use";
    public static final String TIMEZONE = "timezone";
    public static final String TENANT = "tenant";

    public static final Set<String> KNOWN = Set.of(SSH_PORT, SSH_USER, HOST_KEY, TRUST_ON_FIRST_USE, TIMEZONE, TENANT);

    /** Host key algorithms dropbear and OpenSSH servers present. */
    static final Set<String> HOST_KEY_TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    /** POSIX portable user names, as busybox adduser accepts them. */
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern TENANT_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private DeviceConfigValidator() {
    }

    /** Every problem of {@code config}, each naming {@code config.<field>}; empty when valid. */
    public static List<FieldError> validate(Map<String, Object> config) {
        List<FieldError> errors = new ArrayList<>();
        if (config == null) {
            return errors;
        }
        config.forEach((key, value) -> {
            String field = "config." + key;
            if (!KNOWN.contains(key)) {
                errors.add(new FieldError(field, "unknown field; allowed: " + String.join(", ",
                        KNOWN.stream().sorted().toList())));
                return;
            }
            if (value == null) {
                return; // null means "use the default"
            }
            String problem = switch (key) {
                case SSH_PORT -> checkPort(value);
                case SSH_USER -> value instanceof String s && USER.matcher(s).matches() ? null
                        : "must be a user name of 1-32 characters [a-z0-9_-] starting with a letter or _";
                case HOST_KEY -> checkHostKey(value);
                case TRUST_ON_FIRST_USE -> value instanceof Boolean ? null : "must be true or false";
                case TIMEZONE -> checkZone(value);
                case TENANT -> value instanceof String s && TENANT_VALUE.matcher(s).matches() ? null
                        : "must be 1-63 characters [A-Za-z0-9._-]";
                default -> null;
            };
            if (problem != null) {
                errors.add(new FieldError(field, problem));
            }
        });
        return errors;
    }

    /** The device's time zone for RFC 3164 timestamps; UTC when unset or (defensively) invalid. */
    public static ZoneId zoneOf(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static String checkPort(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long port = ((Number) value).longValue();
            return port >= 1 && port <= 65535 ? null : "must be between 1 and 65535";
        }
        return "must be an integer between 1 and 65535";
    }

    private static String checkZone(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return "must be an IANA time zone id such as Europe/Berlin";
        }
        try {
            ZoneId.of(s);
            return null;
        } catch (DateTimeException e) {
            return "unknown time zone '" + abbreviate(s) + "'; use an IANA id such as Europe/Berlin";
        }
    }

    /**
     * A pinned key must be an OpenSSH public key line whose blob really is a key of the named
     * type; a pasted fingerprint or private key is refused here, not discovered at connect time.
     */
    static String checkHostKey(Object value) {
        String expected = "must be an OpenSSH public key line such as 'ssh-ed25519 AAAA...'";
        if (!(value instanceof String line)) {
            return expected;
        }
        if (line.contains("PRIVATE KEY")) {
            return "must be the router's public host key, never a private key";
        }
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2 || !HOST_KEY_TYPES.contains(parts[0])) {
            return expected + " (types: " + String.join(", ", HOST_KEY_TYPES.stream().sorted().toList()) + ")";
        }
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(parts[1]));
            int length = blob.getInt();
            if (length <= 0 || length > blob.remaining()) {
                return expected;
            }
            byte[] type = new byte[length];
            blob.get(type);
            if (!parts[0].equals(new String(type, StandardCharsets.US_ASCII))) {
                return "key type '" + parts[0] + "' does not match the key data";
            }
            return blob.remaining() > 0 ? null : expected;
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return expected + " (the key data is not valid base64)";
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
