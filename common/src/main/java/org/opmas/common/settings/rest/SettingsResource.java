package org.opmas.common.settings.rest;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.settings.service.SettingsService;

import io.smallrye.mutiny.Uni;

/**
 * The runtime settings ({@code opmas_config}) of the service this runs in, limited to the keys it owns.
 * Every service has it (common); reading needs viewer, writing admin with a token for all tenants.
 */
@Path("/api/v1/settings")
@Tag(name = "settings")
public class SettingsResource {

    private final SettingsService settings;

    public SettingsResource(SettingsService settings) {
        this.settings = settings;
    }

    @GET
    @Operation(summary = "This service's settings, by key; secret values masked")
    public Uni<List<SettingResponse>> list() {
        return settings.list().map(rows -> rows.stream().map(SettingResponse::of).toList());
    }

    @GET
    @Path("/{key}")
    @Operation(summary = "One setting; secret values masked")
    public Uni<SettingResponse> get(@PathParam("key") String key) {
        return settings.get(key).map(SettingResponse::of);
    }

    @PUT
    @Path("/{key}")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a setting (admin, all tenants); a secret value is sealed before it is stored."
            + " A key of another service's prefix is refused with 403 naming `key`.")
    public Uni<SettingResponse> put(@PathParam("key") String key, SettingRequest body) {
        if (body == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("value", "is required"));
        }
        return settings.put(key, body.value(), body.description()).map(SettingResponse::of);
    }

    @DELETE
    @Path("/{key}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a setting (admin, all tenants); the service falls back to its default")
    public Uni<Void> delete(@PathParam("key") String key) {
        return settings.delete(key);
    }
}
