package org.opmas.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.common.crypto.SecretDecryptionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

class SecretSettingCipherTest {

    static final String KEY_K1 = "ApK5qUgfzk7etP8V0+oOCkgT1YSZ7ApwH3glp677BXI=";

    static SettingsSecretsConfig config(String activeKeyId, Map<String, String> keys) {
        return new SettingsSecretsConfig() {
            @Override
            public String activeKeyId() {
                return activeKeyId;
            }

            @Override
            public Map<String, String> masterKeys() {
                return keys;
            }
        };
    }

    @Test
    void anyJsonValueIsSealedBoundToItsKeyAndOpensAgain() {
        SecretSettingCipher cipher = new SecretSettingCipher(config("k1", Map.of("k1", KEY_K1)));
        TextNode sealed = cipher.seal("notify.smtp_password", TextNode.valueOf("hunter2"));
        assertThat(sealed.textValue()).startsWith("aesgcm1:k1:").doesNotContain("hunter2");
        assertThat(SecretSettingCipher.isSealed(sealed)).isTrue();
        assertThat(cipher.open("notify.smtp_password", sealed.textValue())).isEqualTo(TextNode.valueOf("hunter2"));

        JsonNode number = cipher.open("notify.pin_secret", cipher.seal("notify.pin_secret", IntNode.valueOf(1234)).textValue());
        assertThat(number).isEqualTo(IntNode.valueOf(1234));

        assertThatThrownBy(() -> cipher.open("notify.other_password", sealed.textValue()))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("'k1'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void withoutAMasterKeyNothingIsSealedInsteadOfStoredInClear() {
        // As in production with OPMAS_MASTER_KEY unset: the entry is blank.
        SecretSettingCipher cipher = new SecretSettingCipher(config("k1", Map.of("k1", "")));
        assertThat(cipher.available()).isFalse();
        assertThatThrownBy(() -> cipher.seal("notify.smtp_password", TextNode.valueOf("hunter2")))
                .isInstanceOf(SecretSettingCipher.SecretsUnavailableException.class)
                .hasMessageContaining("notify.smtp_password")
                .hasMessageContaining("OPMAS_MASTER_KEY")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> cipher.open("notify.smtp_password", "aesgcm1:k1:AAAA"))
                .isInstanceOf(SecretSettingCipher.SecretsUnavailableException.class);
    }

    @Test
    void onlyTheSealedFormCountsAsSealed() {
        assertThat(SecretSettingCipher.isSealed(TextNode.valueOf("typed-by-hand"))).isFalse();
        assertThat(SecretSettingCipher.isSealed(IntNode.valueOf(3))).isFalse();
        assertThat(SecretSettingCipher.isSealed(null)).isFalse();
    }
}
