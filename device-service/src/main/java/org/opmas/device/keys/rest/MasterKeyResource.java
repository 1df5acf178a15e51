package org.opmas.device.keys.rest;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.security.AuditLog;
import org.opmas.common.tenant.TenantScope;
import org.opmas.device.keys.service.MasterKeyRotation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/** Master-key rotation: re-seal every stored SSH key under the active master key (admin; POST = admin by the baseline). */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SSH keys")
public class MasterKeyResource {

    static final int DEFAULT_BATCH = 100;
    static final int MAX_BATCH = 1000;

    private final MasterKeyRotation rotation;
    private final CurrentIdentityAssociation identities;
    private final TenantScope tenantScope;

    public MasterKeyResource(MasterKeyRotation rotation, CurrentIdentityAssociation identities, TenantScope tenantScope) {
        this.rotation = rotation;
        this.identities = identities;
        this.tenantScope = tenantScope;
    }

    @POST
    @Path("/reencrypt")
    @Operation(summary = "Re-seal every SSH key under the active master key",
            description = "Batches in their own transactions; idempotent (keys already under the active key are"
                    + " skipped). Keys that do not open are listed with their master key id and left unchanged.")
    public Uni<ReencryptResponse> reencrypt(@RestQuery("batch_size") Integer batchSize) {
        int batch = batchSize == null ? DEFAULT_BATCH : batchSize;
        if (batch < 1 || batch > MAX_BATCH) {
            throw new BadRequestProblem("batch_size must be between 1 and " + MAX_BATCH, "batch_size");
        }
        // Authentication is lazy (quarkus.http.auth.proactive=false) and this request has no body to
        // wait for: reading the identity synchronously here would block the event loop.
        // Every tenant's keys are re-sealed: an admin of one tenant may not start that.
        return tenantScope.requireAllTenants().chain(identities::getDeferredIdentity).chain(identity -> {
            if (identity.isAnonymous() || identity.getPrincipal() == null) {
                return Uni.createFrom().failure(new UnauthorizedException());
            }
            return reencrypt(identity.getPrincipal().getName(), batch);
        });
    }

    private Uni<ReencryptResponse> reencrypt(String who, int batch) {
        return rotation.reencryptAll(batch).map(report -> {
            AuditLog.record(who, "ssh-key.reencrypt", "master-key:" + report.activeKeyId() + " reencrypted="
                    + report.reencrypted() + " failed=" + report.failures().size());
            return ReencryptResponse.of(report);
        });
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReencryptResponse(String activeKeyId, long total, long alreadyCurrent, int reencrypted, int failed,
            List<FailureResponse> failures) {

        static ReencryptResponse of(MasterKeyRotation.Report report) {
            return new ReencryptResponse(report.activeKeyId(), report.total(), report.alreadyCurrent(),
                    report.reencrypted(), report.failures().size(), report.failures().stream()
                            .map(f -> new FailureResponse(f.sshKeyId(), f.deviceId(), f.masterKeyId(), f.reason()))
                            .toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FailureResponse(int sshKeyId, Integer deviceId, String masterKeyId, String reason) {
    }
}
