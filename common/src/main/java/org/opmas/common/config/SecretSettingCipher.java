package org.opmas.common.config;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.crypto.SecretCipher;
import org.opmas.common.crypto.SecretDecryptionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.logging.Log;

/**
 * Seals and opens the values of secret settings ({@link SecretSettings#isSecret}). The JSON value is
 * sealed as its text with associated data {@code opmas_config:<key>} and stored as the JSON string
 * {@code aesgcm1:<key-id>:...}.
 *
 * <p>Unlike the SSH key cipher, a missing master key does not stop the service: most services hold no
 * secret setting. It fails the one operation that needs it, with {@link SecretsUnavailableException},
 * so a secret is never written in clear.
 */
@ApplicationScoped
public class SecretSettingCipher {

    private final ObjectMapper mapper = new ObjectMapper();
    private final SecretCipher cipher;
    private final String unavailableReason;

    public SecretSettingCipher(SettingsSecretsConfig config) {
        Map<String, String> keys = new LinkedHashMap<>();
        config.masterKeys().forEach((id, value) -> {
            if (value != null && !value.isBlank()) {
                keys.put(id, value);
            }
        });
        SecretCipher built = null;
        String reason = null;
        try {
            built = SecretCipher.of(keys, config.activeKeyId());
        } catch (IllegalArgumentException e) {
            reason = e.getMessage() + " (settings opmas.secrets.master-keys.<id> / OPMAS_MASTER_KEY and"
                    + " opmas.secrets.active-key-id / OPMAS_MASTER_KEY_ID)";
            Log.warnf("Secret settings can be neither sealed nor opened: %s", reason);
        }
        this.cipher = built;
        this.unavailableReason = reason;
    }

    public boolean available() {
        return cipher != null;
    }

    /** True when {@code value} is in the sealed form (whatever key sealed it). */
    public static boolean isSealed(JsonNode value) {
        return value != null && value.isTextual() && SecretCipher.keyIdOf(value.textValue()) != null;
    }

    /**
     * @throws SecretsUnavailableException when no master key is configured
     */
    public TextNode seal(String key, JsonNode value) {
        requireCipher(key);
        return TextNode.valueOf(cipher.seal(value.toString().getBytes(StandardCharsets.UTF_8),
                SecretSettings.associatedData(key)));
    }

    /**
     * @throws SecretsUnavailableException when no master key is configured
     * @throws SecretDecryptionException naming the master key id (never the value) when it does not open
     */
    public JsonNode open(String key, String sealed) {
        requireCipher(key);
        byte[] plain = cipher.open(sealed, SecretSettings.associatedData(key));
        try {
            return mapper.readTree(plain);
        } catch (java.io.IOException e) {
            // Only a value sealed by something else than this class can get here; its text stays unsaid.
            throw new SecretDecryptionException(SecretCipher.keyIdOf(sealed), "the opened value is not JSON");
        }
    }

    private void requireCipher(String key) {
        if (cipher == null) {
            throw new SecretsUnavailableException("Setting " + key + " is secret, but " + unavailableReason);
        }
    }

    /** A secret setting must be sealed or opened and no master key is configured. */
    public static class SecretsUnavailableException extends IllegalStateException {

        public SecretsUnavailableException(String message) {
            super(message);
        }
    }
}
