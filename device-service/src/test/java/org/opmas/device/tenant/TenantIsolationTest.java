package org.opmas.device.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.opmas.device.keys.service.SshKeyMaterial;
import org.opmas.device.testsupport.InventoryTestSupport;
import org.opmas.devkit.security.DevTokens;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Devices and their SSH keys belong to a tenant (issue #10). With real tokens: another tenant's device
 * does not exist for a caller (404 on every path, absent from lists), a tenant-limited caller cannot
 * create in or move to another tenant (403 saying why), an all-tenants caller sees everything and may
 * move a device (its keys follow), and re-encrypting every key needs an all-tenants token.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class TenantIsolationTest {

    static RequestSpecification as(String tenant) {
        String token = DevTokens.forTests().mintForTenant("admin@" + tenant, Set.of("admin"), tenant, Duration.ofHours(1));
        return given().header("Authorization", DevTokens.bearer(token)).contentType(ContentType.JSON);
    }

    static Map<String, Object> device(String hostname) {
        return Map.of("hostname", hostname, "ip_address", InventoryTestSupport.uniqueIp());
    }

    @Test
    void aTenantsDevicesAndKeysDoNotExistForAnotherTenant() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a = "a-" + suffix;
        String b = "b-" + suffix;
        String hostname = InventoryTestSupport.uniqueHostname("tenant-a");

        int device = as(a).body(device(hostname)).post("/api/v1/devices").then().statusCode(201)
                .body("tenant_id", is(a)).extract().path("id");
        int generated = as(a).body("{}").post("/api/v1/devices/" + device + "/keys/generate")
                .then().statusCode(201).extract().path("id");
        String pem = SshKeyMaterial.generateEd25519().privateKeyPem();
        as(a).body(Map.of("private_key", pem, "active", false)).post("/api/v1/devices/" + device + "/keys")
                .then().statusCode(201);
        as(a).get("/api/v1/devices/" + device + "/keys").then().statusCode(200).body("total", is(2));

        // b: the device is not there, whatever it tries
        String path = "/api/v1/devices/" + device;
        as(b).get(path).then().statusCode(404).contentType(containsString("application/problem+json"));
        as(b).body(device(hostname)).put(path).then().statusCode(404);
        as(b).body(Map.of("model", "stolen")).patch(path).then().statusCode(404);
        as(b).get(path + "/keys").then().statusCode(404);
        as(b).get(path + "/keys/" + generated).then().statusCode(404);
        as(b).body(Map.of("private_key", SshKeyMaterial.generateEd25519().privateKeyPem()))
                .post(path + "/keys").then().statusCode(404);
        as(b).body("{}").post(path + "/keys/generate").then().statusCode(404);
        as(b).body("{}").post(path + "/keys/rotate").then().statusCode(404);
        as(b).post(path + "/keys/" + generated + "/activate").then().statusCode(404);
        as(b).post(path + "/keys/" + generated + "/deactivate").then().statusCode(404);
        as(b).delete(path + "/keys/" + generated).then().statusCode(404);
        as(b).delete(path).then().statusCode(404);
        as(b).get("/api/v1/devices?q=" + hostname).then().statusCode(200).body("total", is(0));
        as(b).get("/api/v1/devices?tenant=" + a).then().statusCode(200).body("total", is(0));
        // nothing of a's changed
        as(a).get(path).then().statusCode(200).body("model", is((Object) null));
        as(a).get(path + "/keys").then().statusCode(200).body("total", is(2));

        // b may not create in a, nor move its own device there
        as(b).body(Map.of("hostname", InventoryTestSupport.uniqueHostname("sneaky"), "ip_address",
                        InventoryTestSupport.uniqueIp(), "tenant_id", a))
                .post("/api/v1/devices").then().statusCode(403).contentType(containsString("application/problem+json"))
                .body("detail", containsString("limited to tenant '" + b + "'"));
        int own = as(b).body(device(InventoryTestSupport.uniqueHostname("tenant-b"))).post("/api/v1/devices")
                .then().statusCode(201).body("tenant_id", is(b)).extract().path("id");
        as(b).body(Map.of("tenant_id", a)).patch("/api/v1/devices/" + own).then().statusCode(403)
                .body("detail", containsString("limited to tenant '" + b + "'"));
        as(b).get("/api/v1/devices/" + own).then().statusCode(200).body("tenant_id", is(b));

        // '*' sees both, filters by tenant, and may move a device: its keys follow
        as("*").get("/api/v1/devices?q=" + hostname).then().statusCode(200).body("total", is(1))
                .body("items[0].tenant_id", is(a));
        as("*").get("/api/v1/devices?tenant=" + b + "&size=500").then().statusCode(200)
                .body("items.id", hasItem(own)).body("items.id", not(hasItem(device)));
        as("*").body(Map.of("tenant_id", b)).patch(path).then().statusCode(200).body("tenant_id", is(b));
        as(b).get(path).then().statusCode(200).body("tenant_id", is(b));
        as(b).get(path + "/keys").then().statusCode(200).body("total", is(2));
        as(a).get(path).then().statusCode(404);
        as(a).get(path + "/keys").then().statusCode(404);

        as("*").delete(path).then().statusCode(204);
        as("*").delete("/api/v1/devices/" + own).then().statusCode(204);
    }

    @Test
    void aTenantIdMustBeValid() {
        as("*").body(Map.of("hostname", InventoryTestSupport.uniqueHostname("bad-tenant"), "ip_address",
                        InventoryTestSupport.uniqueIp(), "tenant_id", "Not A Tenant!"))
                .post("/api/v1/devices").then().statusCode(400).contentType(containsString("application/problem+json"))
                .body(containsString("tenant_id"));
        as("*").get("/api/v1/devices?tenant=Not%20Valid").then().statusCode(400).body(containsString("tenant"));
    }

    @Test
    void reencryptingEveryKeyNeedsAnAllTenantsToken() {
        as("a-" + UUID.randomUUID().toString().substring(0, 8)).post("/api/v1/keys/reencrypt").then().statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("every tenant"));
    }
}
