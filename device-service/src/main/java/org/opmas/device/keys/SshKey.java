package org.opmas.device.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An SSH private key for connecting to a device (table {@code ssh_keys}). {@code encryptedKey} is
 * the SecretCipher-sealed private key (associated data {@code ssh_keys:device:<id>}); it never
 * leaves this entity except to the executor through the database.
 */
@Entity
@Table(name = "ssh_keys")
public class SshKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "device_id")
    public Integer deviceId;

    /** {@code ssh-ed25519} or {@code ssh-rsa}. */
    @Column(name = "key_type", nullable = false, length = 20)
    public String keyType;

    @Column(name = "encrypted_key", nullable = false, columnDefinition = "text")
    public String encryptedKey;

    /** OpenSSH form: {@code SHA256:<base64 without padding>} of the public key blob. */
    @Column(name = "key_fingerprint", nullable = false, length = 255)
    public String keyFingerprint;

    /** The OpenSSH public key line, for the router's authorized_keys. */
    @Column(name = "public_key", columnDefinition = "text")
    public String publicKey;

    @Column(name = "is_active")
    public Boolean isActive;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    /** Associated data that binds a sealed key to its device, so a value moved to another device does not open. */
    public static String associatedData(int deviceId) {
        return "ssh_keys:device:" + deviceId;
    }

    @Override
    public String toString() {
        // Never the sealed value: it is not the key, but it has no business in logs either.
        return "SshKey[id=" + id + ", device_id=" + deviceId + ", " + keyType + " " + keyFingerprint
                + (Boolean.TRUE.equals(isActive) ? ", active]" : "]");
    }
}
