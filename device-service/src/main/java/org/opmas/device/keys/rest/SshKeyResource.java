package org.opmas.device.keys.rest;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.security.ActingSubject;
import org.opmas.common.security.AuditLog;
import org.opmas.device.keys.service.SshKeyService;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/devices/{deviceId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "SSH keys", description = "Keys device-service holds to reach a router; private keys are sealed and never returned")
public class SshKeyResource {

    private final SshKeyService service;
    private final ActingSubject subject;

    public SshKeyResource(SshKeyService service, ActingSubject subject) {
        this.service = service;
        this.subject = subject;
    }

    @GET
    @Operation(summary = "List a device's keys", description = "Newest first; filter with active=true|false.")
    public Uni<PageResponse<SshKeyResponse>> list(@RestPath int deviceId, @RestQuery Boolean active,
            @RestQuery Integer page, @RestQuery Integer size) {
        return service.list(deviceId, active, page, size).map(p -> p.map(SshKeyResponse::of));
    }

    @GET
    @Path("/{keyId}")
    @Operation(summary = "Get a key (type, fingerprint, public key)")
    public Uni<SshKeyResponse> get(@RestPath int deviceId, @RestPath int keyId) {
        return service.get(deviceId, keyId).map(SshKeyResponse::of);
    }

    @POST
    @Operation(summary = "Upload a private key", description = "OpenSSH or PEM, RSA (>= 2048 bit) or ed25519, without passphrase.")
    public Uni<Response> upload(@RestPath int deviceId, @Valid @NotNull UploadKeyRequest request) {
        return subject.name().chain(who -> service.upload(deviceId, request.privateKey(), request.active())
                        .invoke(stored -> audit(who, "ssh-key.upload", deviceId, stored)))
                .map(stored -> created(deviceId, SshKeyResponse.of(stored.key(), stored.replacedKeyId())));
    }

    @POST
    @Path("/generate")
    @Operation(summary = "Generate an ed25519 key pair",
            description = "Returns the public key line for the router's /etc/dropbear/authorized_keys; the private key stays sealed here.")
    public Uni<Response> generate(@RestPath int deviceId, GenerateKeyRequest request) {
        return subject.name().chain(who -> service.generate(deviceId, request == null ? null : request.active())
                        .invoke(stored -> audit(who, "ssh-key.generate", deviceId, stored)))
                .map(stored -> created(deviceId, SshKeyResponse.of(stored.key(), stored.replacedKeyId())));
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Rotate: a new active key (uploaded, or generated if private_key is omitted); the old one becomes inactive")
    public Uni<Response> rotate(@RestPath int deviceId, @Valid RotateKeyRequest request) {
        return subject.name().chain(who -> service.rotate(deviceId, request == null ? null : request.privateKey())
                        .invoke(stored -> audit(who, "ssh-key.rotate", deviceId, stored)))
                .map(stored -> created(deviceId, SshKeyResponse.of(stored.key(), stored.replacedKeyId())));
    }

    @POST
    @Path("/{keyId}/activate")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Make this the device's active key (the previously active one is deactivated)")
    public Uni<SshKeyResponse> activate(@RestPath int deviceId, @RestPath int keyId) {
        return subject.name().chain(who -> service.activate(deviceId, keyId)
                        .invoke(key -> AuditLog.record(who, "ssh-key.activate", target(deviceId, keyId))))
                .map(SshKeyResponse::of);
    }

    @POST
    @Path("/{keyId}/deactivate")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Deactivate a key (the device then has no active key)")
    public Uni<SshKeyResponse> deactivate(@RestPath int deviceId, @RestPath int keyId) {
        return subject.name().chain(who -> service.deactivate(deviceId, keyId)
                        .invoke(key -> AuditLog.record(who, "ssh-key.deactivate", target(deviceId, keyId))))
                .map(SshKeyResponse::of);
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Delete a key")
    public Uni<Response> delete(@RestPath int deviceId, @RestPath int keyId) {
        return subject.name().chain(who -> service.delete(deviceId, keyId)
                        .invoke(() -> AuditLog.record(who, "ssh-key.delete", target(deviceId, keyId))))
                .map(ignored -> Response.noContent().build());
    }

    private static void audit(String who, String action, int deviceId, SshKeyService.StoredKey stored) {
        AuditLog.record(who, action, target(deviceId, stored.key().id) + " " + stored.key().keyFingerprint
                + (stored.replacedKeyId() == null ? "" : " replacing ssh-key/" + stored.replacedKeyId()));
    }

    private static String target(int deviceId, int keyId) {
        return "device/" + deviceId + "/ssh-key/" + keyId;
    }

    private static Response created(int deviceId, SshKeyResponse body) {
        return Response.created(URI.create("/api/v1/devices/" + deviceId + "/keys/" + body.id())).entity(body).build();
    }
}
