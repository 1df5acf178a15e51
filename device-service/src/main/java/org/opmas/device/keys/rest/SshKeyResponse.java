package org.opmas.device.keys.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opmas.device.keys.SshKey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An SSH key as the API shows it: never the private key, sealed or not. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SshKeyResponse(
        int id,
        int deviceId,
        String keyType,
        @Schema(description = "OpenSSH form, as ssh-keygen -lf prints it") String fingerprint,
        @Schema(description = "OpenSSH public key line; append it to /etc/dropbear/authorized_keys on the router")
        String publicKey,
        boolean isActive,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "rotate/activate: the key that was active before") Integer replacedKeyId) {

    public static SshKeyResponse of(SshKey key) {
        return of(key, null);
    }

    public static SshKeyResponse of(SshKey key, Integer replacedKeyId) {
        return new SshKeyResponse(key.id, key.deviceId, key.keyType, key.keyFingerprint, key.publicKey,
                Boolean.TRUE.equals(key.isActive), key.createdAt, key.updatedAt, replacedKeyId);
    }
}
