package org.opmas.device.keys.service;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Parsing, normalising and generating SSH private keys (RSA and ed25519), with no I/O and no
 * logging. Uploaded keys are re-encoded in one form per type — OpenSSH ({@code -----BEGIN OPENSSH
 * PRIVATE KEY-----}) for ed25519, PKCS#1 PEM ({@code -----BEGIN RSA PRIVATE KEY-----}) for RSA —
 * which is what gets sealed: both load in JSch, OpenSSH and Apache MINA SSHD, and comments or
 * odd encodings of the upload are not kept.
 *
 * <p>Error messages describe the problem, never the input.
 */
public final class SshKeyMaterial {

    public static final String ED25519 = "ssh-ed25519";
    public static final String RSA = "ssh-rsa";
    public static final int MIN_RSA_BITS = 2048;
    /** Far above any real key (an RSA-16384 PEM is ~12 KB); stops a huge body before parsing. */
    public static final int MAX_TEXT_LENGTH = 32 * 1024;

    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A usable key: the normalised private key text, and the public half in OpenSSH forms. */
    public record ParsedKey(String keyType, String privateKeyPem, byte[] publicKeyBlob, String fingerprint) {

        /** {@code <type> <base64 blob> <comment>}, a line for authorized_keys. */
        public String publicKeyLine(String comment) {
            String line = keyType + " " + Base64.getEncoder().encodeToString(publicKeyBlob);
            return comment == null || comment.isBlank() ? line : line + " " + comment;
        }

        @Override
        public String toString() {
            return "ParsedKey[" + keyType + " " + fingerprint + "]";
        }
    }

    /** Why an upload is not a usable key; the message is safe to show and log. */
    public static final class InvalidKeyException extends RuntimeException {
        public InvalidKeyException(String message) {
            super(message, null, false, false);
        }
    }

    private SshKeyMaterial() {
    }

    /**
     * Reads an unencrypted RSA (≥ 2048 bits) or ed25519 private key in OpenSSH, PKCS#1 or PKCS#8
     * PEM form.
     *
     * @throws InvalidKeyException saying what is wrong
     */
    public static ParsedKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidKeyException("is required: an OpenSSH or PEM private key");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidKeyException("is too long for an SSH private key");
        }
        PemObject pem;
        try (PemReader reader = new PemReader(new StringReader(text.strip()))) {
            pem = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyException("is not a well-formed PEM/OpenSSH key block");
        }
        if (pem == null) {
            throw new InvalidKeyException("must be an OpenSSH or PEM private key block");
        }
        AsymmetricKeyParameter key = switch (pem.getType()) {
            case "OPENSSH PRIVATE KEY" -> openSsh(pem.getContent());
            case "RSA PRIVATE KEY" -> {
                if (isEncryptedPem(pem)) {
                    throw passphrase();
                }
                yield decode(() -> OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(pem.getContent()), "RSA (PKCS#1)");
            }
            case "PRIVATE KEY" -> decode(() -> PrivateKeyFactory.createKey(pem.getContent()), "PKCS#8");
            case "ENCRYPTED PRIVATE KEY" -> throw passphrase();
            case "EC PRIVATE KEY", "DSA PRIVATE KEY" ->
                throw new InvalidKeyException("is an " + pem.getType().split(" ")[0]
                        + " key; OPMAS accepts ed25519 or RSA keys");
            default -> throw new InvalidKeyException("is a " + pem.getType() + ", not a private key");
        };
        return fromPrivate(key);
    }

    /** A fresh ed25519 pair (what the generate endpoint hands out the public half of). */
    public static ParsedKey generateEd25519() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return fromPrivate(pair.getPrivate());
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 SHA-256 of the public key blob. */
    public static String fingerprint(byte[] publicKeyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ParsedKey fromPrivate(AsymmetricKeyParameter key) {
        try {
            if (key instanceof Ed25519PrivateKeyParameters ed) {
                byte[] blob = OpenSSHPublicKeyUtil.encodePublicKey(ed.generatePublicKey());
                String pem = pem("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(ed));
                return new ParsedKey(ED25519, pem, blob, fingerprint(blob));
            }
            if (key instanceof RSAPrivateCrtKeyParameters rsa) {
                int bits = rsa.getModulus().bitLength();
                if (bits < MIN_RSA_BITS) {
                    throw new InvalidKeyException("is an RSA key of " + bits + " bits; at least " + MIN_RSA_BITS
                            + " are required");
                }
                byte[] blob = OpenSSHPublicKeyUtil.encodePublicKey(
                        new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
                String pem = pem("RSA PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(rsa));
                return new ParsedKey(RSA, pem, blob, fingerprint(blob));
            }
        } catch (IOException e) {
            throw new InvalidKeyException("cannot be re-encoded as an SSH key");
        }
        if (key != null && !key.isPrivate()) {
            throw new InvalidKeyException("is a public key; upload the private key");
        }
        throw new InvalidKeyException("has an unsupported algorithm; OPMAS accepts ed25519 or RSA keys");
    }

    private static AsymmetricKeyParameter openSsh(byte[] blob) {
        if (blob.length < OPENSSH_MAGIC.length + 4
                || !Arrays.equals(Arrays.copyOf(blob, OPENSSH_MAGIC.length), OPENSSH_MAGIC)) {
            throw new InvalidKeyException("is not an OpenSSH private key (bad header)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob, OPENSSH_MAGIC.length, blob.length - OPENSSH_MAGIC.length);
        int length = buffer.getInt();
        if (length < 0 || length > 64 || length > buffer.remaining()) {
            throw new InvalidKeyException("is not an OpenSSH private key (bad cipher field)");
        }
        byte[] cipher = new byte[length];
        buffer.get(cipher);
        if (!"none".equals(new String(cipher, StandardCharsets.US_ASCII))) {
            throw passphrase();
        }
        return decode(() -> OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob), "OpenSSH");
    }

    private interface KeyDecoder {
        AsymmetricKeyParameter decode() throws IOException;
    }

    private static AsymmetricKeyParameter decode(KeyDecoder decoder, String format) {
        try {
            AsymmetricKeyParameter key = decoder.decode();
            if (key == null) {
                throw new InvalidKeyException("cannot be read as an " + format + " private key");
            }
            return key;
        } catch (InvalidKeyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeyException("cannot be read as an " + format + " private key (corrupt or unsupported)");
        }
    }

    private static boolean isEncryptedPem(PemObject pem) {
        for (Object header : pem.getHeaders()) {
            if (header instanceof PemHeader h && "Proc-Type".equalsIgnoreCase(h.getName())
                    && h.getValue() != null && h.getValue().contains("ENCRYPTED")) {
                return true;
            }
        }
        return false;
    }

    private static InvalidKeyException passphrase() {
        return new InvalidKeyException("is protected by a passphrase; OPMAS needs the key without one (it seals it"
                + " itself): ssh-keygen -p -N '' -f <keyfile>");
    }

    private static String pem(String type, byte[] content) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, content));
        }
        return out.toString();
    }
}
