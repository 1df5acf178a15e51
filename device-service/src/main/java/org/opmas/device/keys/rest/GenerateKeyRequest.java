package org.opmas.device.keys.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Options of key generation; the body may be omitted. */
public record GenerateKeyRequest(
        @Schema(description = "true: becomes the active key; false: stored inactive; absent: active if the device has none")
        Boolean active) {
}
