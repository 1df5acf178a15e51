package org.opmas.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest (SSH private keys, secret settings). Each value gets a fresh
 * random 96-bit nonce and records the id of the master key that sealed it, so master keys can be
 * rotated: values sealed with an older key still open while that key is configured, and
 * re-sealing moves them to the active key.
 *
 * <p>Sealed form: {@code aesgcm1:<key-id>:<base64(nonce || ciphertext || tag)>}. The associated
 * data binds a value to where it is stored (e.g. {@code ssh_keys:device:42}), so a sealed value
 * copied into another row does not open.
 */
public final class SecretCipher {

    public static final String PREFIX = "aesgcm1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(Map<String, SecretKey> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /**
     * @param base64Keys master keys by id, each 32 random bytes in base64
     * @param activeKeyId the key that seals new values
     * @throws IllegalArgumentException naming what is wrong, so a service refuses to start
     *         rather than run without working encryption
     */
    public static SecretCipher of(Map<String, String> base64Keys, String activeKeyId) {
        if (base64Keys == null || base64Keys.isEmpty()) {
            throw new IllegalArgumentException("No master key configured: set OPMAS_MASTER_KEY to 32 random bytes "
                    + "in base64 (e.g. `openssl rand -base64 32`)");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        base64Keys.forEach((id, value) -> {
            if (id == null || id.isBlank() || id.contains(":")) {
                throw new IllegalArgumentException("Master key id '" + id + "' must be non-blank and contain no ':'");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(value == null ? "" : value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Master key '" + id + "' is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("Master key '" + id + "' must be 32 bytes (AES-256), got " + raw.length);
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("Active master key id '" + activeKeyId + "' is not among the configured keys "
                    + keys.keySet());
        }
        return new SecretCipher(Map.copyOf(keys), activeKeyId);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public String seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed with key '" + activeKeyId + "'", e);
        }
    }

    /**
     * @throws SecretDecryptionException naming the key id when the key is unknown, the value is
     *         malformed, or authentication fails (wrong key, tampered value, wrong associated data)
     */
    public byte[] open(String sealedValue, String associatedData) {
        String[] parts = sealedValue == null ? new String[0] : sealedValue.split(":", 3);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            throw new SecretDecryptionException(null, "value is not in the " + PREFIX + " format");
        }
        String keyId = parts[1];
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SecretDecryptionException(keyId, "master key '" + keyId + "' is not configured");
        }
        try {
            byte[] all = Base64.getDecoder().decode(parts[2]);
            if (all.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretDecryptionException(keyId, "sealed value is truncated");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException(keyId, "sealed value is not valid base64");
        } catch (GeneralSecurityException e) {
            throw new SecretDecryptionException(keyId, "authentication failed (wrong master key, tampered value, "
                    + "or value moved from another record)");
        }
    }

    /** The key id a sealed value was sealed with, or null if it is not in the sealed format. */
    public static String keyIdOf(String sealedValue) {
        String[] parts = sealedValue == null ? new String[0] : sealedValue.split(":", 3);
        return parts.length == 3 && PREFIX.equals(parts[0]) ? parts[1] : null;
    }

    /** Seals again with the active key; used by master key rotation. */
    public String reseal(String sealedValue, String associatedData) {
        return seal(open(sealedValue, associatedData), associatedData);
    }
}
