package org.opmas.device.keys.rest;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opmas.device.keys.service.SshKeyMaterial;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Rotation: the new private key, or nothing to have an ed25519 pair generated. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotateKeyRequest(
        @Size(max = SshKeyMaterial.MAX_TEXT_LENGTH)
        @Schema(description = "new private key; omit to generate an ed25519 pair") String privateKey) {

    @Override
    public String toString() {
        return "RotateKeyRequest[private_key=" + (privateKey == null ? "null" : "<redacted>") + "]";
    }
}
