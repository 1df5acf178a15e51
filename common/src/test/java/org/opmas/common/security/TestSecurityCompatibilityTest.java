package org.opmas.common.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * The services' API tests authenticate with @TestSecurity instead of tokens: its identity must pass
 * through the same permission table and be the acting subject.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
@TestSecurity(user = "test-operator", roles = "operator")
class TestSecurityCompatibilityTest {

    @Test
    void theTestIdentityIsCheckedAgainstTheTableAndIsTheActingSubject() {
        given().get(SecurityProblemMappersTest.THINGS).then().statusCode(200);
        given().post(SecurityProblemMappersTest.THINGS + "/3/approve").then().statusCode(200).body(is("test-operator"));
        given().post(SecurityProblemMappersTest.THINGS).then().statusCode(403).contentType("application/problem+json");
    }
}
