package org.opmas.devkit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {

    @TempDir
    Path home;

    @Test
    void installationKeyIsGeneratedOncePrivateToTheOwnerAndReused() throws Exception {
        DevTokens first = DevTokens.forInstallation(home);
        Path signing = DevTokens.signingKeyFile(home);
        Path published = DevTokens.publicKeyFile(home);

        assertThat(Files.getPosixFilePermissions(signing)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(published)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.readString(published)).isEqualTo(first.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        String signingPem = Files.readString(signing);

        DevTokens again = DevTokens.forInstallation(home);
        assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem());
        assertThat(Files.readString(signing)).isEqualTo(signingPem);
        assertThat(verifies(first.mint("alice", Set.of("admin"), Duration.ofMinutes(5)), again.publicKeyPem())).isTrue();
    }

    @Test
    void aDeletedPublicKeyIsRewrittenFromTheSigningKey() throws Exception {
        DevTokens tokens = DevTokens.forInstallation(home);
        Files.delete(DevTokens.publicKeyFile(home));

        DevTokens.forInstallation(home);

        assertThat(Files.readString(DevTokens.publicKeyFile(home))).isEqualTo(tokens.publicKeyPem());
    }

    @Test
    void tokenCarriesIssuerSubjectGroupsAndLifetimeAndIsSignedRs256() throws Exception {
        DevTokens tokens = DevTokens.forTests();
        Instant issuedAt = Instant.parse("2026-01-01T00:00:00Z");

        String token = tokens.mint("ops \"night\" shift", Set.of("operator", "viewer"), issuedAt, Duration.ofHours(2));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        assertThat(decode(parts[1]))
                .contains("\"iss\":\"https://opmas.local/dev\"")
                .contains("\"sub\":\"ops \\\"night\\\" shift\"")
                .contains("\"groups\":[\"operator\",\"viewer\"]")
                .contains("\"iat\":" + issuedAt.getEpochSecond())
                .contains("\"exp\":" + issuedAt.plus(Duration.ofHours(2)).getEpochSecond());
        assertThat(verifies(token, tokens.publicKeyPem())).isTrue();
        assertThat(verifies(token, DevTokens.untrusted().publicKeyPem())).isFalse();
    }

    @Test
    void aTenantTokenCarriesTheTenantClaimAndAPlainOneNone() throws Exception {
        DevTokens tokens = DevTokens.forTests();
        String scoped = tokens.mintForTenant("ana", Set.of("viewer"), "acme", Duration.ofHours(1));
        assertThat(decode(scoped.split("\\.")[1])).contains("\"tenant\":\"acme\"");
        assertThat(verifies(scoped, tokens.publicKeyPem())).isTrue();
        assertThat(decode(tokens.mint("ana", Set.of("viewer"), Duration.ofHours(1)).split("\\.")[1])).doesNotContain("tenant");
    }

    @Test
    void testKeyIsOnePerJvmAndPublishedAsAFile() throws Exception {
        assertThat(DevTokens.forTests().publicKeyPem()).isEqualTo(DevTokens.forTests().publicKeyPem());
        assertThat(Files.readString(DevTokens.testPublicKeyFile())).isEqualTo(DevTokens.forTests().publicKeyPem());
        assertThat(DevTokens.forTests().withIssuer("https://elsewhere").issuer()).isEqualTo("https://elsewhere");
    }

    @Test
    void rejectsBlankSubjectsAndNonPositiveLifetimes() {
        DevTokens tokens = DevTokens.forTests();
        assertThatThrownBy(() -> tokens.mint(" ", Set.of("admin"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> tokens.mint("a", Set.of("admin"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }

    @Test
    void tokenCommandParsesRoleSubjectAndTtl() {
        TokenCommand.Request request = TokenCommand.parse(new String[] {"--role", "Operator", "--subject", "kim", "--ttl", "30m"});
        assertThat(request).isEqualTo(new TokenCommand.Request("operator", "kim", null, Duration.ofMinutes(30)));
        assertThat(TokenCommand.parse(new String[] {"--role", "viewer"}).ttl()).isEqualTo(Duration.ofHours(8));
        assertThat(TokenCommand.parse(new String[] {"--role", "viewer", "--tenant", "acme"}).tenant()).isEqualTo("acme");
        assertThat(TokenCommand.parse(new String[] {"--role", "viewer", "--tenant", "*"}).tenant()).isEqualTo("*");
        assertThatThrownBy(() -> TokenCommand.parse(new String[] {"--role", "viewer", "--tenant", "Acme Corp"}))
                .hasMessageContaining("--tenant");
        assertThat(TokenCommand.parseTtl("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(TokenCommand.parseTtl("7d")).isEqualTo(Duration.ofDays(7));

        assertThatThrownBy(() -> TokenCommand.parse(new String[] {"--role", "root"}))
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> TokenCommand.parse(new String[] {"--subject", "kim"}))
                .hasMessageContaining("--role is required");
        assertThatThrownBy(() -> TokenCommand.parse(new String[] {"--role", "admin", "--ttl", "-5m"}))
                .hasMessageContaining("--ttl");
        assertThatThrownBy(() -> TokenCommand.parse(new String[] {"--role"}))
                .hasMessageContaining("--role needs a value");
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static boolean verifies(String token, String publicPem) throws Exception {
        int lastDot = token.lastIndexOf('.');
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(DevTokens.readPublicKey(publicPem));
        rs256.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
    }
}
