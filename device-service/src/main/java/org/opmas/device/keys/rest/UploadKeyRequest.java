package org.opmas.device.keys.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opmas.device.keys.service.SshKeyMaterial;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An uploaded private key. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UploadKeyRequest(
        @NotBlank @Size(max = SshKeyMaterial.MAX_TEXT_LENGTH)
        @Schema(description = "unencrypted RSA (>= 2048 bit) or ed25519 private key, OpenSSH or PEM (PKCS#1/PKCS#8)")
        String privateKey,
        @Schema(description = "true: becomes the active key; false: stored inactive; absent: active if the device has none")
        Boolean active) {

    @Override
    public String toString() {
        return "UploadKeyRequest[private_key=<redacted>, active=" + active + "]";
    }
}
