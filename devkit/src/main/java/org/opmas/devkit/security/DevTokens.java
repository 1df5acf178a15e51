package org.opmas.devkit.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints bearer tokens (RS256 JWTs) that the OPMAS services accept in development and tests.
 * Production uses an OIDC provider instead (docs/SECURITY.md); the services only ever see the
 * issuer and the public key, so a dev token and a Keycloak token are verified the same way.
 *
 * <p>Two key sources:
 * <ul>
 *   <li>{@link #forInstallation(Path)} — the local stack ({@code ./opmas up}): an RSA key generated on
 *       first use into {@code <home>/secrets/jwt-signing.pem} (0600) with its public half in
 *       {@code <home>/secrets/jwt-public.pem}; the launcher points every service's
 *       {@code OPMAS_JWT_PUBLIC_KEY_LOCATION} at the public file. Code that drives a running stack
 *       (e2e, demo, bench) obtains a token with
 *       <pre>{@code DevTokens.forInstallation(opmasHome).mint("e2e", Set.of("admin"), Duration.ofHours(1))}</pre>
 *       and sends it as {@code Authorization: Bearer <token>} ({@link #bearer(String)}).</li>
 *   <li>{@link #forTests()} — @QuarkusTests: one key per test JVM, shared across Quarkus class loaders
 *       through system properties; {@code OpmasTestResource} configures the services to trust it.</li>
 * </ul>
 *
 * <p>Roles go into the {@code groups} claim: {@code viewer}, {@code operator}, {@code admin}
 * (admin includes operator includes viewer) and {@code ingest} (log ingestion only).
 */
public final class DevTokens {

    /** The issuer the services expect unless {@code OPMAS_JWT_ISSUER} says otherwise. */
    public static final String DEFAULT_ISSUER = "https://opmas.local/dev";
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    public static final String INGEST = "ingest";

    static final String SIGNING_KEY_FILE = "secrets/jwt-signing.pem";
    static final String PUBLIC_KEY_FILE = "secrets/jwt-public.pem";
    // Plain strings in system properties: Quarkus may load this class in several class loaders.
    static final String TEST_PRIVATE_KEY_PROPERTY = "opmas.devkit.jwt.test-private-key";
    static final String TEST_PUBLIC_KEY_FILE_PROPERTY = "opmas.devkit.jwt.test-public-key-file";

    private final PrivateKey signingKey;
    private final PublicKey publicKey;
    private final String issuer;

    private DevTokens(PrivateKey signingKey, PublicKey publicKey, String issuer) {
        this.signingKey = Objects.requireNonNull(signingKey);
        this.publicKey = Objects.requireNonNull(publicKey);
        this.issuer = Objects.requireNonNull(issuer);
    }

    /**
     * The signing key of the installation at {@code opmasHome} (e.g. {@code .opmas}), generated on
     * first use. The issuer is {@code OPMAS_JWT_ISSUER} if set, else {@link #DEFAULT_ISSUER}.
     */
    public static synchronized DevTokens forInstallation(Path opmasHome) {
        Path signing = signingKeyFile(opmasHome);
        Path published = publicKeyFile(opmasHome);
        try {
            if (!Files.exists(signing)) {
                Files.createDirectories(signing.getParent());
                KeyPair pair = generateKeyPair();
                Path tmp = Files.createTempFile(signing.getParent(), "jwt-signing", ".tmp");
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.UTF_8);
                Files.move(tmp, signing, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            KeyPair pair = readKeyPair(Files.readString(signing, StandardCharsets.UTF_8));
            String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
            // Rewritten whenever it is missing or stale, so it always matches the signing key.
            if (!Files.exists(published) || !Files.readString(published, StandardCharsets.UTF_8).equals(publicPem)) {
                Files.writeString(published, publicPem, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(published, PosixFilePermissions.fromString("rw-r--r--"));
            }
            String issuer = System.getenv().getOrDefault("OPMAS_JWT_ISSUER", DEFAULT_ISSUER);
            return new DevTokens(pair.getPrivate(), pair.getPublic(), issuer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the JWT signing key under " + opmasHome, e);
        }
    }

    /** {@code <home>/secrets/jwt-signing.pem}: the installation's private signing key. */
    public static Path signingKeyFile(Path opmasHome) {
        return opmasHome.toAbsolutePath().normalize().resolve(SIGNING_KEY_FILE);
    }

    /** {@code <home>/secrets/jwt-public.pem}: what the services verify tokens with. */
    public static Path publicKeyFile(Path opmasHome) {
        return opmasHome.toAbsolutePath().normalize().resolve(PUBLIC_KEY_FILE);
    }

    /** The key of this test JVM (generated once), trusted by services booted with OpmasTestResource. */
    public static synchronized DevTokens forTests() {
        String privateKey = System.getProperty(TEST_PRIVATE_KEY_PROPERTY);
        if (privateKey == null) {
            KeyPair pair = generateKeyPair();
            System.setProperty(TEST_PRIVATE_KEY_PROPERTY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            privateKey = System.getProperty(TEST_PRIVATE_KEY_PROPERTY);
        }
        KeyPair pair = readKeyPair(privateKey);
        return new DevTokens(pair.getPrivate(), pair.getPublic(), DEFAULT_ISSUER);
    }

    /**
     * A file holding the public key of {@link #forTests()} (written once per test JVM), for
     * {@code mp.jwt.verify.publickey.location}: the same property production sets, so tests verify
     * tokens the way a deployment does.
     */
    public static synchronized Path testPublicKeyFile() {
        String existing = System.getProperty(TEST_PUBLIC_KEY_FILE_PROPERTY);
        if (existing != null && Files.exists(Path.of(existing))) {
            return Path.of(existing);
        }
        try {
            Path file = Files.createTempFile("opmas-test-jwt-public", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, forTests().publicKeyPem(), StandardCharsets.UTF_8);
            System.setProperty(TEST_PUBLIC_KEY_FILE_PROPERTY, file.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test JWT public key", e);
        }
    }

    /** A fresh key nobody trusts: for tests that a wrongly signed token is rejected. */
    public static DevTokens untrusted() {
        KeyPair pair = generateKeyPair();
        return new DevTokens(pair.getPrivate(), pair.getPublic(), DEFAULT_ISSUER);
    }

    /** The same key with another issuer (e.g. to prove a foreign issuer is rejected). */
    public DevTokens withIssuer(String otherIssuer) {
        return new DevTokens(signingKey, publicKey, otherIssuer);
    }

    public String issuer() {
        return issuer;
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), as {@code mp.jwt.verify.publickey} takes it. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** A token for {@code subject} with {@code roles}, valid from now for {@code ttl}. */
    public String mint(String subject, Set<String> roles, Duration ttl) {
        return mint(subject, roles, Instant.now(), ttl);
    }

    /** A token issued at {@code issuedAt}, expiring {@code ttl} later (in the past: an expired token). */
    public String mint(String subject, Set<String> roles, Instant issuedAt, Duration ttl) {
        return mint(subject, roles, null, issuedAt, ttl);
    }

    /**
     * A token limited to {@code tenant} (its {@code tenant} claim; {@code *} for every tenant, null for no
     * claim, which the services treat as {@code opmas.tenancy.unclaimed}), valid from now for {@code ttl}.
     */
    public String mintForTenant(String subject, Set<String> roles, String tenant, Duration ttl) {
        return mint(subject, roles, tenant, Instant.now(), ttl);
    }

    private String mint(String subject, Set<String> roles, String tenant, Instant issuedAt, Duration ttl) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        long iat = issuedAt.getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = new TreeSet<>(roles).stream().map(DevTokens::json).collect(Collectors.joining(",", "[", "]"));
        String payload = "{\"iss\":" + json(issuer)
                + ",\"sub\":" + json(subject)
                + ",\"upn\":" + json(subject)
                + ",\"groups\":" + groups
                + (tenant == null ? "" : ",\"tenant\":" + json(tenant))
                + ",\"iat\":" + iat
                + ",\"exp\":" + (iat + ttl.toSeconds())
                + ",\"jti\":" + json(UUID.randomUUID().toString()) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a JWT with RS256", e);
        }
    }

    /** The value of an {@code Authorization} header for {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }

    private static KeyPair readKeyPair(String privatePem) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var privateKey = (java.security.interfaces.RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(unpem(privatePem)));
            PublicKey publicKey = rsa.generatePublic(new java.security.spec.RSAPublicKeySpec(
                    privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("Not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    static PublicKey readPublicKey(String publicPem) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(unpem(publicPem)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
