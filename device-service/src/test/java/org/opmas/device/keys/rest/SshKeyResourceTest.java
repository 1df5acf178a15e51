package org.opmas.device.keys.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.opmas.device.testsupport.InventoryTestSupport.admin;
import static org.opmas.device.testsupport.InventoryTestSupport.createDevice;
import static org.opmas.device.testsupport.InventoryTestSupport.generateKey;
import static org.opmas.device.testsupport.InventoryTestSupport.keygenFingerprint;
import static org.opmas.device.testsupport.InventoryTestSupport.read;
import static org.opmas.device.testsupport.InventoryTestSupport.sshKeygen;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueHostname;
import static org.opmas.device.testsupport.InventoryTestSupport.uniqueIp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opmas.common.crypto.SecretCipher;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class SshKeyResourceTest {

    /** The test profile's master key (application.properties, %test). */
    private static final SecretCipher TEST_CIPHER = SecretCipher.of(
            Map.of("k1", "ApK5qUgfzk7etP8V0+oOCkgT1YSZ7ApwH3glp677BXI="), "k1");

    @TempDir
    Path dir;

    private static String keysOf(int deviceId) {
        return "/api/v1/devices/" + deviceId + "/keys";
    }

    @Test
    void uploadsEd25519AndRsaInEveryFormatWithSshKeygenFingerprints() throws Exception {
        int device = createDevice(uniqueHostname("keys"), uniqueIp());
        List<Path> files = List.of(
                generateKey(dir, "ed25519", "", "-t", "ed25519"),
                generateKey(dir, "rsa-openssh", "", "-t", "rsa", "-b", "2048"),
                generateKey(dir, "rsa-pem", "", "-t", "rsa", "-b", "2048", "-m", "PEM"),
                generateKey(dir, "rsa-pkcs8", "", "-t", "rsa", "-b", "3072", "-m", "PKCS8"));
        List<String> types = List.of("ssh-ed25519", "ssh-rsa", "ssh-rsa", "ssh-rsa");

        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String privateKey = read(file);
            Response response = given().contentType(ContentType.JSON)
                    .body(Map.of("private_key", privateKey, "active", false))
                    .when().post(keysOf(device));
            response.then().statusCode(201)
                    .body("device_id", is(device))
                    .body("key_type", is(types.get(i)))
                    .body("fingerprint", is(keygenFingerprint(Path.of(file + ".pub"))))
                    .body("public_key", startsWith(publicBlob(file)))
                    .body("is_active", is(false));
            // the OpenSSH file embeds the public key, so only the other lines are secret
            String publicBase64 = publicBlob(file).split(" ")[1];
            assertNoPrivateMaterial(response.asString(), privateKey.lines()
                    .filter(l -> !publicBase64.contains(l.strip())).reduce("", (x, y) -> x + y + "\n"));
        }

        Response list = given().when().get(keysOf(device));
        list.then().statusCode(200).body("total", is(4));
        assertThat(list.asString()).doesNotContain("PRIVATE KEY").doesNotContain("encrypted").doesNotContain("aesgcm1");
    }

    @Test
    void keysAreSealedAtRestAndOpenToAWorkingKey() throws Exception {
        int device = createDevice(uniqueHostname("sealed"), uniqueIp());
        Path file = generateKey(dir, "id", "", "-t", "ed25519");
        String privateKey = read(file);
        int keyId = given().contentType(ContentType.JSON).body(Map.of("private_key", privateKey))
                .when().post(keysOf(device)).then().statusCode(201).body("is_active", is(true))
                .extract().path("id");

        String sealed;
        String fingerprint;
        try (Connection c = admin(); PreparedStatement s = c.prepareStatement(
                "SELECT encrypted_key, key_fingerprint, key_type FROM ssh_keys WHERE id = ?")) {
            s.setInt(1, keyId);
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            sealed = rs.getString(1);
            fingerprint = rs.getString(2);
            assertThat(rs.getString(3)).isEqualTo("ssh-ed25519");
        }
        assertThat(sealed).startsWith("aesgcm1:k1:").doesNotContain("PRIVATE KEY");
        for (String line : privateKey.split("\n")) {
            if (line.length() > 20) {
                assertThat(sealed).doesNotContain(line);
            }
        }
        assertThat(fingerprint).isEqualTo(keygenFingerprint(Path.of(file + ".pub")));

        // The sealed value opens only for its own device and is a key OpenSSH itself accepts.
        String opened = new String(TEST_CIPHER.open(sealed, "ssh_keys:device:" + device), StandardCharsets.UTF_8);
        assertThat(opened).contains("BEGIN OPENSSH PRIVATE KEY");
        Path reopened = dir.resolve("reopened");
        Files.writeString(reopened, opened);
        Files.setPosixFilePermissions(reopened, PosixFilePermissions.fromString("rw-------"));
        assertThat(sshKeygen("-y", "-f", reopened.toString()).trim()).startsWith(publicBlob(file));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> TEST_CIPHER.open(sealed, "ssh_keys:device:" + (device + 1)))
                .isInstanceOf(org.opmas.common.crypto.SecretDecryptionException.class);
    }

    @Test
    void rsaPemKeyIsStoredInAFormOpenSshLoads() throws Exception {
        int device = createDevice(uniqueHostname("rsa-pem"), uniqueIp());
        Path file = generateKey(dir, "rsa", "", "-t", "rsa", "-b", "2048", "-m", "PEM");
        int keyId = given().contentType(ContentType.JSON).body(Map.of("private_key", read(file)))
                .when().post(keysOf(device)).then().statusCode(201).extract().path("id");
        String opened = new String(TEST_CIPHER.open(sealedOf(keyId), "ssh_keys:device:" + device),
                StandardCharsets.UTF_8);
        Path reopened = dir.resolve("rsa-reopened");
        Files.writeString(reopened, opened);
        Files.setPosixFilePermissions(reopened, PosixFilePermissions.fromString("rw-------"));
        assertThat(sshKeygen("-y", "-f", reopened.toString()).trim()).startsWith(publicBlob(file));
    }

    @Test
    void invalidKeysAreRejectedNamingTheField() throws Exception {
        int device = createDevice(uniqueHostname("bad-keys"), uniqueIp());
        Path protectedKey = generateKey(dir, "protected", "correct horse battery", "-t", "ed25519");
        Path smallRsa = generateKey(dir, "small", "", "-t", "rsa", "-b", "1024", "-m", "PEM");
        Path ecdsa = generateKey(dir, "ecdsa", "", "-t", "ecdsa");
        Map<String, String> cases = new HashMap<>();
        cases.put("passphrase", read(protectedKey));
        cases.put("1024", read(smallRsa));
        cases.put("ECDSA", read(ecdsa));
        cases.put("public", read(Path.of(protectedKey + ".pub")));
        cases.put("garbage", "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n");
        cases.put("blank", "   ");

        for (Map.Entry<String, String> c : cases.entrySet()) {
            Response response = given().contentType(ContentType.JSON).body(Map.of("private_key", c.getValue()))
                    .when().post(keysOf(device));
            response.then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("private_key"));
            assertThat(response.asString()).as(c.getKey()).doesNotContain("PRIVATE KEY");
        }
        given().when().get(keysOf(device)).then().statusCode(200).body("total", is(0));
        String valid = read(generateKey(dir, "valid", "", "-t", "ed25519"));
        given().contentType(ContentType.JSON).body(Map.of("private_key", valid))
                .when().post("/api/v1/devices/2000000000/keys").then().statusCode(404);
        given().when().get("/api/v1/devices/2000000000/keys").then().statusCode(404);
    }

    @Test
    void sameKeyTwiceOnOneDeviceIsAConflict() throws Exception {
        int device = createDevice(uniqueHostname("twice"), uniqueIp());
        String key = read(generateKey(dir, "twice", "", "-t", "ed25519"));
        given().contentType(ContentType.JSON).body(Map.of("private_key", key)).when().post(keysOf(device))
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("private_key", key)).when().post(keysOf(device))
                .then().statusCode(409).body("errors.field", hasItem("private_key"));
    }

    @Test
    void generateRotateActivateDeactivateDelete() throws Exception {
        int device = createDevice(uniqueHostname("rotate"), uniqueIp());

        Response generated = given().contentType(ContentType.JSON).body("{}").when().post(keysOf(device) + "/generate");
        generated.then().statusCode(201).body("key_type", is("ssh-ed25519")).body("is_active", is(true))
                .body("public_key", startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"));
        assertNoPrivateMaterial(generated.asString(), null);
        int first = generated.path("id");
        // the returned line is a valid authorized_keys entry whose fingerprint is the one shown
        Path pub = dir.resolve("generated.pub");
        Files.writeString(pub, generated.<String>path("public_key") + "\n");
        assertThat(keygenFingerprint(pub)).isEqualTo(generated.<String>path("fingerprint"));

        // rotate by upload
        Path file = generateKey(dir, "next", "", "-t", "rsa", "-b", "2048");
        Response rotated = given().contentType(ContentType.JSON).body(Map.of("private_key", read(file)))
                .when().post(keysOf(device) + "/rotate");
        rotated.then().statusCode(201).body("is_active", is(true)).body("replaced_key_id", is(first))
                .body("key_type", is("ssh-rsa"));
        int second = rotated.path("id");
        given().when().get(keysOf(device) + "/" + first).then().statusCode(200).body("is_active", is(false));

        // rotate by generation
        int third = given().contentType(ContentType.JSON).body("{}").when().post(keysOf(device) + "/rotate")
                .then().statusCode(201).body("replaced_key_id", is(second)).extract().path("id");
        given().queryParam("active", true).when().get(keysOf(device))
                .then().statusCode(200).body("total", is(1)).body("items[0].id", is(third));

        // back to the first key
        given().when().post(keysOf(device) + "/" + first + "/activate").then().statusCode(200).body("is_active", is(true));
        given().queryParam("active", true).when().get(keysOf(device))
                .then().body("total", is(1)).body("items[0].id", is(first));

        given().when().post(keysOf(device) + "/" + first + "/deactivate").then().statusCode(200)
                .body("is_active", is(false));
        given().queryParam("active", true).when().get(keysOf(device)).then().body("total", is(0));

        given().when().delete(keysOf(device) + "/" + second).then().statusCode(204);
        given().when().get(keysOf(device) + "/" + second).then().statusCode(404);
        given().when().get(keysOf(device)).then().body("total", is(2));

        // a key of one device is not reachable through another
        int otherDevice = createDevice(uniqueHostname("other"), uniqueIp());
        given().when().get(keysOf(otherDevice) + "/" + first).then().statusCode(404);
        given().when().post(keysOf(otherDevice) + "/" + first + "/activate").then().statusCode(404);

        // the database refuses a second active key even if the service were bypassed
        try (Connection c = admin(); PreparedStatement s = c.prepareStatement(
                "UPDATE ssh_keys SET is_active = true WHERE device_id = ?")) {
            s.setInt(1, device);
            org.assertj.core.api.Assertions.assertThatThrownBy(s::executeUpdate)
                    .hasMessageContaining("uq_ssh_keys_device_id_active");
        }
    }

    @Test
    void deletingADeviceDeletesItsKeys() throws Exception {
        int device = createDevice(uniqueHostname("cascade"), uniqueIp());
        given().contentType(ContentType.JSON).body("{}").when().post(keysOf(device) + "/generate").then().statusCode(201);
        given().when().delete("/api/v1/devices/" + device).then().statusCode(204);
        try (Connection c = admin(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM ssh_keys WHERE device_id = ?")) {
            s.setInt(1, device);
            ResultSet rs = s.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void keyMaterialNeverReachesTheLog() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getParameters() != null && message != null) {
                    try {
                        message = String.format(message, record.getParameters());
                    } catch (RuntimeException ignored) {
                        message = message + " " + java.util.Arrays.toString(record.getParameters());
                    }
                }
                logged.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            int device = createDevice(uniqueHostname("nolog"), uniqueIp());
            String key = read(generateKey(dir, "nolog", "", "-t", "ed25519"));
            given().contentType(ContentType.JSON).body(Map.of("private_key", key)).when().post(keysOf(device))
                    .then().statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("private_key", key.replace('A', '!')))
                    .when().post(keysOf(device)).then().statusCode(400);
            given().contentType(ContentType.JSON).body("{}").when().post(keysOf(device) + "/rotate").then().statusCode(201);
            assertThat(logged).anyMatch(line -> line.contains("stored for device " + device)); // the capture works
            String body = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            assertThat(logged).noneMatch(line -> line.contains("PRIVATE KEY") || line.contains(body)
                    || line.contains("aesgcm1:"));
        } finally {
            root.removeHandler(capture);
        }
    }

    private static String sealedOf(int keyId) throws Exception {
        try (Connection c = admin(); PreparedStatement s = c.prepareStatement(
                "SELECT encrypted_key FROM ssh_keys WHERE id = ?")) {
            s.setInt(1, keyId);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code <type> <base64>} of the .pub file beside a private key. */
    private static String publicBlob(Path privateKeyFile) throws Exception {
        String[] parts = read(Path.of(privateKeyFile + ".pub")).trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    private static void assertNoPrivateMaterial(String body, String privateKey) {
        assertThat(body).doesNotContain("PRIVATE KEY").doesNotContain("aesgcm1").doesNotContain("encrypted_key");
        if (privateKey != null) {
            privateKey.lines().filter(l -> !l.startsWith("-----") && l.length() > 20)
                    .forEach(line -> assertThat(body).doesNotContain(line));
        }
    }
}
