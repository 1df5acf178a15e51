package org.opmas.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final String k1 = randomKey();
    private final String k2 = randomKey();
    private final byte[] secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedValueOpensAndDoesNotContainThePlaintext() {
        SecretCipher cipher = SecretCipher.of(Map.of("k1", k1), "k1");
        String sealed = cipher.seal(secret, "ssh_keys:device:1");
        assertThat(sealed).startsWith("aesgcm1:k1:").doesNotContain("OPENSSH").doesNotContain("abc");
        assertThat(cipher.open(sealed, "ssh_keys:device:1")).isEqualTo(secret);
    }

    @Test
    void everySealUsesAFreshNonce() {
        SecretCipher cipher = SecretCipher.of(Map.of("k1", k1), "k1");
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] all = Base64.getDecoder().decode(cipher.seal(secret, "aad").split(":", 3)[2]);
            nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(all, 12)));
        }
        assertThat(nonces).hasSize(10_000);
    }

    @Test
    void valueMovedToAnotherRecordOrTamperedDoesNotOpen() {
        SecretCipher cipher = SecretCipher.of(Map.of("k1", k1), "k1");
        String sealed = cipher.seal(secret, "ssh_keys:device:1");
        assertThatThrownBy(() -> cipher.open(sealed, "ssh_keys:device:2"))
                .isInstanceOf(SecretDecryptionException.class).hasMessageContaining("'k1'");
        char[] chars = sealed.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> cipher.open(new String(chars), "ssh_keys:device:1"))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void rotationKeepsOldValuesReadableAndResealsWithTheActiveKey() {
        String sealedWithOld = SecretCipher.of(Map.of("k1", k1), "k1").seal(secret, "aad");
        SecretCipher rotated = SecretCipher.of(Map.of("k1", k1, "k2", k2), "k2");
        assertThat(rotated.open(sealedWithOld, "aad")).isEqualTo(secret);
        String resealed = rotated.reseal(sealedWithOld, "aad");
        assertThat(SecretCipher.keyIdOf(resealed)).isEqualTo("k2");
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k2", k2), "k2").open(sealedWithOld, "aad"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("master key 'k1' is not configured");
    }

    @Test
    void missingOrMalformedMasterKeysAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> SecretCipher.of(Map.of(), "k1")).hasMessageContaining("OPMAS_MASTER_KEY");
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k1", "not base64!"), "k1")).hasMessageContaining("base64");
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k1", Base64.getEncoder().encodeToString(new byte[16])), "k1"))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k1", k1), "k9")).hasMessageContaining("'k9'");
    }
}
