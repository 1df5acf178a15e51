package org.opmas.device.keys.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.opmas.device.testsupport.InventoryTestSupport.createDevice;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueHostname;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueIp;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opmas.common.crypto.SecretCipher;
import org.opmas.device.keys.SshKey;
import org.opmas.device.keys.config.SshKeyCipher;
import org.opmas.device.testsupport.InventoryTestSupport;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;

/**
 * Master-key rotation and the AES-GCM nonces. The test profile configures {@code k0} (the old
 * master key) and {@code k1} (active), as an operator does mid-rotation; values are sealed with a
 * cipher whose active key is {@code k0}, exactly as the service sealed them before the switch.
 */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class MasterKeyRotationTest {

    static final String K0 = "FrrKw5+/GqloTdKh86SNvFTTJM4KZCkUqYFgCLMzMXw=";
    static final String K1 = "ApK5qUgfzk7etP8V0+oOCkgT1YSZ7ApwH3glp677BXI=";

    @Inject
    SshKeyCipher configured;

    /** Inserts a key row as the service would have stored it (sealed for its device); its id. */
    private static int storeKey(int deviceId, SecretCipher sealer, byte[] privateKey) throws Exception {
        try (Connection c = InventoryTestSupport.admin();
                PreparedStatement ps = c.prepareStatement("INSERT INTO ssh_keys (device_id, key_type, encrypted_key,"
                        + " key_fingerprint, public_key, is_active) VALUES (?, 'ssh-ed25519', ?, ?, 'ssh-ed25519 AAAA x',"
                        + " false) RETURNING id")) {
            ps.setInt(1, deviceId);
            ps.setString(2, sealer.seal(privateKey, SshKey.associatedData(deviceId)));
            ps.setString(3, "SHA256:" + UUID.randomUUID());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String sealedValue(int keyId) throws Exception {
        try (Connection c = InventoryTestSupport.admin();
                PreparedStatement ps = c.prepareStatement("SELECT encrypted_key FROM ssh_keys WHERE id = ?")) {
            ps.setInt(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<String> allSealedValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = InventoryTestSupport.admin();
                PreparedStatement ps = c.prepareStatement("SELECT encrypted_key FROM ssh_keys");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void deleteKey(int keyId) throws Exception {
        try (Connection c = InventoryTestSupport.admin();
                PreparedStatement ps = c.prepareStatement("DELETE FROM ssh_keys WHERE id = ?")) {
            ps.setInt(1, keyId);
            ps.executeUpdate();
        }
    }

    private static JsonPath reencrypt(int batchSize) {
        return given().queryParam("batch_size", batchSize)
                .when().post("/api/v1/keys/reencrypt")
                .then().statusCode(200).extract().jsonPath();
    }

    private static SecretCipher cipher(String active, String... idsAndKeys) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.put(idsAndKeys[i], idsAndKeys[i + 1]);
        }
        return SecretCipher.of(keys, active);
    }

    private static byte[] nonceOf(String sealed) {
        byte[] all = Base64.getDecoder().decode(sealed.split(":", 3)[2]);
        return Arrays.copyOf(all, 12); // nonce || ciphertext || tag
    }

    @Test
    void rotationReSealsEveryOldKeyUnderTheActiveIdInBatchesAndIsIdempotent() throws Exception {
        SecretCipher old = cipher("k0", "k0", K0);
        List<Integer> deviceIds = new ArrayList<>();
        Map<Integer, byte[]> plaintextByKey = new LinkedHashMap<>();
        Map<Integer, Integer> deviceByKey = new LinkedHashMap<>();
        for (int d = 0; d < 3; d++) {
            int deviceId = createDevice(uniqueHostname("rot"), uniqueIp());
            deviceIds.add(deviceId);
            for (int k = 0; k < 3; k++) {
                byte[] key = ("-----BEGIN OPENSSH PRIVATE KEY-----\n" + UUID.randomUUID() + "\n-----END OPENSSH PRIVATE KEY-----\n")
                        .getBytes(StandardCharsets.UTF_8);
                int id = storeKey(deviceId, old, key);
                plaintextByKey.put(id, key);
                deviceByKey.put(id, deviceId);
            }
        }
        assertThat(plaintextByKey.keySet()).allSatisfy(id -> assertThat(SecretCipher.keyIdOf(sealedValue(id))).isEqualTo("k0"));

        // batch size 2 over 9+ rows: several transactions
        JsonPath first = reencrypt(2);

        assertThat(first.getString("active_key_id")).isEqualTo("k1");
        assertThat(first.getInt("reencrypted")).isGreaterThanOrEqualTo(plaintextByKey.size());
        assertThat(first.getInt("failed")).isZero();
        for (Map.Entry<Integer, byte[]> entry : plaintextByKey.entrySet()) {
            String sealed = sealedValue(entry.getKey());
            assertThat(SecretCipher.keyIdOf(sealed)).isEqualTo("k1");
            // opens with the service's configured cipher and with k1 alone: k0 can be removed now
            String aad = SshKey.associatedData(deviceByKey.get(entry.getKey()));
            assertThat(configured.cipher().open(sealed, aad)).isEqualTo(entry.getValue());
            assertThat(cipher("k1", "k1", K1).open(sealed, aad)).isEqualTo(entry.getValue());
        }
        assertThat(allSealedValues()).extracting(SecretCipher::keyIdOf).containsOnly("k1");

        // a second run changes nothing and says so
        String before = sealedValue(plaintextByKey.keySet().iterator().next());
        JsonPath second = reencrypt(100);
        assertThat(second.getInt("reencrypted")).isZero();
        assertThat(second.getLong("already_current")).isEqualTo(second.getLong("total"));
        assertThat(sealedValue(plaintextByKey.keySet().iterator().next())).isEqualTo(before);
    }

    @Test
    void aKeyUnderAnUnknownMasterKeyIdIsReportedByItsIdAndTheOthersStillRotate() throws Exception {
        int deviceId = createDevice(uniqueHostname("lost"), uniqueIp());
        int lost = storeKey(deviceId, cipher("k9", "k9", K0), "lost".getBytes(StandardCharsets.UTF_8));
        int rotatable = storeKey(deviceId, cipher("k0", "k0", K0), "fine".getBytes(StandardCharsets.UTF_8));
        try {
            JsonPath report = reencrypt(100);

            assertThat(report.getInt("failed")).isEqualTo(1);
            assertThat(report.getInt("failures[0].ssh_key_id")).isEqualTo(lost);
            assertThat(report.getInt("failures[0].device_id")).isEqualTo(deviceId);
            assertThat(report.getString("failures[0].master_key_id")).isEqualTo("k9");
            assertThat(report.getString("failures[0].reason")).contains("'k9'").contains("not configured")
                    .doesNotContain("lost");
            assertThat(SecretCipher.keyIdOf(sealedValue(lost))).isEqualTo("k9"); // left as it was
            assertThat(SecretCipher.keyIdOf(sealedValue(rotatable))).isEqualTo("k1");
            assertThat(configured.cipher().open(sealedValue(rotatable), SshKey.associatedData(deviceId)))
                    .isEqualTo("fine".getBytes(StandardCharsets.UTF_8));
        } finally {
            // a value no configured key opens would stop the next startup of this database
            deleteKey(lost);
        }
    }

    @Test
    void batchSizeOutOfRangeIsAProblemNamingIt() {
        given().queryParam("batch_size", 0).when().post("/api/v1/keys/reencrypt")
                .then().statusCode(400).body("errors[0].field", equalTo("batch_size"));
    }

    @Test
    void aesGcmNoncesAreNeverReusedInMemoryOrAcrossStoredRows() throws Exception {
        SecretCipher cipher = configured.cipher();
        byte[] samePlaintext = "same key, same device".getBytes(StandardCharsets.UTF_8);
        Set<String> nonces = new HashSet<>();
        int seals = 20_000;
        for (int i = 0; i < seals; i++) {
            String sealed = cipher.seal(samePlaintext, SshKey.associatedData(1));
            nonces.add(Base64.getEncoder().encodeToString(nonceOf(sealed)));
        }
        assertThat(nonces).hasSize(seals);

        // and every value in the table (uploads, generated keys, rotations of all test classes so far)
        int deviceId = createDevice(uniqueHostname("nonce"), uniqueIp());
        for (int i = 0; i < 5; i++) {
            storeKey(deviceId, cipher, samePlaintext);
        }
        reencrypt(100);
        List<String> stored = allSealedValues();
        Set<String> storedNonces = new HashSet<>();
        for (String sealed : stored) {
            storedNonces.add(Base64.getEncoder().encodeToString(nonceOf(sealed)));
        }
        assertThat(stored).hasSizeGreaterThanOrEqualTo(5);
        assertThat(storedNonces).hasSize(stored.size());
        assertThat(storedNonces).doesNotContainAnyElementsOf(nonces);
    }
}
