package org.opmas.executor.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** OpenSSH public key lines ({@code <type> <base64 blob> [comment]}) and their fingerprints. */
public final class HostKeys {

    private HostKeys() {
    }

    /** {@code type base64}, without a comment. */
    public static String line(String type, byte[] blob) {
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }

    /** The key type of a line, e.g. {@code ssh-ed25519}. */
    public static String type(String line) {
        String[] parts = line.trim().split("\\s+");
        return parts[0];
    }

    /** The key blob of a line. */
    public static byte[] blob(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key line");
        }
        return Base64.getDecoder().decode(parts[1]);
    }

    /** Same key, ignoring comments and whitespace. */
    public static boolean sameKey(String a, String b) {
        try {
            return type(a).equals(type(b)) && MessageDigest.isEqual(blob(a), blob(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** OpenSSH {@code SHA256:<base64 without padding>} of the key blob. */
    public static String fingerprint(String line) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(line));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IllegalArgumentException e) {
            return "invalid key (" + new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                    .substring(0, Math.min(20, line.length())) + "...)";
        }
    }
}
