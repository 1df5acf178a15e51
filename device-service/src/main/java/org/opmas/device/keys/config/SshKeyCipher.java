package org.opmas.device.keys.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.opmas.common.crypto.SecretCipher;
import org.opmas.common.crypto.SecretDecryptionException;
import org.opmas.device.keys.SshKey;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The cipher for SSH private keys, built at startup so that a missing or malformed master key
 * stops the service with the cipher's message instead of failing the first upload. A well-formed
 * but wrong key is caught too: the newest stored key of every master key id must open, else the
 * service refuses to start (it could neither use nor re-seal what it holds).
 */
@Startup
@ApplicationScoped
public class SshKeyCipher {

    static final String SAMPLE_PER_KEY_ID = "SELECT DISTINCT ON (split_part(encrypted_key, ':', 2)) id, device_id,"
            + " encrypted_key FROM ssh_keys ORDER BY split_part(encrypted_key, ':', 2), id DESC";

    private final SecretCipher cipher;

    public SshKeyCipher(SecretsConfig config) {
        this.cipher = build(config);
        Log.infof("SSH key encryption ready: AES-256-GCM, active master key '%s'", cipher.activeKeyId());
    }

    /**
     * @throws IllegalStateException naming the setting to fix; never echoes a key
     */
    public static SecretCipher build(SecretsConfig config) {
        Map<String, String> keys = new HashMap<>();
        config.masterKeys().forEach((id, value) -> {
            if (value != null && !value.isBlank()) {
                keys.put(id, value);
            }
        });
        try {
            return SecretCipher.of(keys, config.activeKeyId());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("device-service cannot start: " + e.getMessage()
                    + " (settings opmas.secrets.master-keys.<id> / OPMAS_MASTER_KEY and opmas.secrets.active-key-id"
                    + " / OPMAS_MASTER_KEY_ID)", e);
        }
    }

    /** Opens one stored value per master key id; a failure stops the startup. */
    void verifyStoredKeys(@Observes StartupEvent event, Pool pool) {
        for (Row row : pool.query(SAMPLE_PER_KEY_ID).execute().await().atMost(Duration.ofSeconds(30))) {
            verify(cipher, row.getInteger("id"), row.getInteger("device_id"), row.getString("encrypted_key"));
        }
    }

    static void verify(SecretCipher cipher, int keyId, Integer deviceId, String sealed) {
        try {
            cipher.open(sealed, SshKey.associatedData(deviceId == null ? 0 : deviceId));
        } catch (SecretDecryptionException e) {
            throw new IllegalStateException("device-service cannot start: stored SSH key " + keyId
                    + " does not open with the configured master keys (" + e.getMessage()
                    + "). Is OPMAS_MASTER_KEY the key these values were sealed with? Configure every master key id"
                    + " still in use under opmas.secrets.master-keys.<id>.", e);
        }
    }

    public SecretCipher cipher() {
        return cipher;
    }
}
