package org.opmas.schema.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Event id helpers. */
public final class EventIds {

    /** Namespace of OPMAS name-based ids (a fixed random UUID; never change it). */
    public static final UUID NAMESPACE = UUID.fromString("5b0f3c52-6a1e-4f0b-9a43-8f1e2c7d9b10");

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private EventIds() {
    }

    /** A fresh random (version 4) event id. */
    public static UUID random() {
        return UUID.randomUUID();
    }

    /**
     * A deterministic (RFC 4122 version 5, SHA-1) id from the given parts, joined with U+001F so that
     * {@code ("a", "bc")} and {@code ("ab", "c")} differ. The same parts always give the same id.
     */
    public static UUID nameBased(String... parts) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                name.append('\u001f');
            }
            name.append(parts[i] == null ? "\u0000" : parts[i]);
        }
        MessageDigest md = SHA1.get();
        md.reset();
        md.update(toBytes(NAMESPACE));
        byte[] hash = md.digest(name.toString().getBytes(StandardCharsets.UTF_8));
        hash[6] &= 0x0f;
        hash[6] |= 0x50; // version 5
        hash[8] &= 0x3f;
        hash[8] |= (byte) 0x80; // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (hash[i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] b = new byte[16];
        long msb = uuid.getMostSignificantBits();
        long lsb = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (msb >>> (56 - 8 * i));
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }
}
