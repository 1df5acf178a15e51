package org.opmas.device.keys.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.common.crypto.SecretCipher;

/** The startup check: without a usable master key the service must not start. */
class SshKeyCipherTest {

    private static final String KEY = "ApK5qUgfzk7etP8V0+oOCkgT1YSZ7ApwH3glp677BXI=";
    private static final String OTHER_KEY = "q9Qy2hJm3cV0rX1fE6sTt8uWnB4kL7pZyA5dG2oHjKs=";

    private static SecretsConfig config(String active, Map<String, String> keys) {
        return new SecretsConfig() {
            @Override
            public String activeKeyId() {
                return active;
            }

            @Override
            public Map<String, String> masterKeys() {
                return keys;
            }
        };
    }

    @Test
    void missingMasterKeyStopsStartupWithAClearMessage() {
        Map<String, String> empty = new LinkedHashMap<>();
        empty.put("k1", ""); // OPMAS_MASTER_KEY unset
        assertThatThrownBy(() -> SshKeyCipher.build(config("k1", empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No master key configured")
                .hasMessageContaining("OPMAS_MASTER_KEY");
    }

    @Test
    void malformedMasterKeysStopStartup() {
        assertThatThrownBy(() -> SshKeyCipher.build(config("k1", Map.of("k1", "not base64!"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not valid base64")
                .hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> SshKeyCipher.build(config("k1", Map.of("k1", "c2hvcnQ="))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SshKeyCipher.build(config("k2", Map.of("k1", KEY))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'k2'");
    }

    @Test
    void validKeyBuildsAWorkingCipher() {
        SecretCipher cipher = SshKeyCipher.build(config("k1", Map.of("k1", KEY)));
        String sealed = cipher.seal("secret".getBytes(StandardCharsets.UTF_8), "ssh_keys:device:7");
        assertThat(new String(cipher.open(sealed, "ssh_keys:device:7"), StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    @Test
    void aWrongMasterKeyIsCaughtByOpeningAStoredValue() {
        String sealed = SshKeyCipher.build(config("k1", Map.of("k1", KEY)))
                .seal("key".getBytes(StandardCharsets.UTF_8), "ssh_keys:device:7");
        SecretCipher wrong = SshKeyCipher.build(config("k1", Map.of("k1", OTHER_KEY)));
        assertThatThrownBy(() -> SshKeyCipher.verify(wrong, 3, 7, sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stored SSH key 3 does not open")
                .hasMessageContaining("OPMAS_MASTER_KEY");
        SecretCipher rotatedAway = SshKeyCipher.build(config("k2", Map.of("k2", OTHER_KEY)));
        assertThatThrownBy(() -> SshKeyCipher.verify(rotatedAway, 3, 7, sealed))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'k1' is not configured");
        // the right key passes
        SshKeyCipher.verify(SshKeyCipher.build(config("k1", Map.of("k1", KEY))), 3, 7, sealed);
    }
}
