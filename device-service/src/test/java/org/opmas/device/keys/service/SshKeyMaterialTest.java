package org.opmas.device.keys.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opmas.device.testsupport.InventoryTestSupport;

class SshKeyMaterialTest {

    @TempDir
    Path dir;

    @Test
    void parsesEd25519AndMatchesSshKeygen() throws Exception {
        Path file = InventoryTestSupport.generateKey(dir, "ed", "", "-t", "ed25519");
        SshKeyMaterial.ParsedKey key = SshKeyMaterial.parse(InventoryTestSupport.read(file));
        assertThat(key.keyType()).isEqualTo("ssh-ed25519");
        assertThat(key.fingerprint()).isEqualTo(InventoryTestSupport.keygenFingerprint(Path.of(file + ".pub")));
        String[] pub = InventoryTestSupport.read(Path.of(file + ".pub")).trim().split(" ");
        assertThat(key.publicKeyLine(null)).isEqualTo(pub[0] + " " + pub[1]);
        assertThat(key.privateKeyPem()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(key.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void generatedKeysAreDistinctAndRoundTrip() {
        SshKeyMaterial.ParsedKey a = SshKeyMaterial.generateEd25519();
        SshKeyMaterial.ParsedKey b = SshKeyMaterial.generateEd25519();
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).startsWith("SHA256:").doesNotEndWith("=");
        SshKeyMaterial.ParsedKey reparsed = SshKeyMaterial.parse(a.privateKeyPem());
        assertThat(reparsed.fingerprint()).isEqualTo(a.fingerprint());
    }

    @Test
    void refusesWhatIsNotAUsablePrivateKeyWithoutEchoingIt() {
        String secretish = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----";
        assertThatThrownBy(() -> SshKeyMaterial.parse(secretish)).hasMessageContaining("passphrase")
                .hasMessageNotContaining("AAAA");
        assertThatThrownBy(() -> SshKeyMaterial.parse("ssh-ed25519 AAAAC3Nza test")).hasMessageContaining("private key block");
        assertThatThrownBy(() -> SshKeyMaterial.parse("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .hasMessageContaining("not a private key");
        assertThatThrownBy(() -> SshKeyMaterial.parse(null)).hasMessageContaining("required");
    }
}
