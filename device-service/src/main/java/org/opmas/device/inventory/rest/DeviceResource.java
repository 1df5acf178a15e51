package org.opmas.device.inventory.rest;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.opmas.common.rest.PageResponse;
import org.opmas.device.inventory.service.DeviceService;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Devices", description = "Router inventory")
public class DeviceResource {

    private final DeviceService service;

    public DeviceResource(DeviceService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List devices", description = "Paged; filters combine with AND. Sort: id, hostname, ip_address, "
            + "model, firmware_version, status, last_seen_at, created_at, updated_at (field or field,desc).")
    public Uni<PageResponse<DeviceResponse>> list(
            @RestQuery @Parameter(description = "exact status") String status,
            @RestQuery @Parameter(description = "exact model") String model,
            @RestQuery @Parameter(description = "substring of hostname (case-insensitive) or IP address") String q,
            @RestQuery("last_seen_before") @Parameter(description = "RFC 3339; devices never seen are excluded")
            String lastSeenBefore,
            @RestQuery("last_seen_after") @Parameter(description = "RFC 3339") String lastSeenAfter,
            @RestQuery @Parameter(description = "exact tenant id (a tenant-limited caller only ever sees its own)")
            String tenant,
            @RestQuery @Parameter(description = "field[,asc|desc], default hostname,asc") String sort,
            @RestQuery @Parameter(description = "zero-based, default 0") Integer page,
            @RestQuery @Parameter(description = "1-500, default 50") Integer size) {
        return service.list(status, model, q, lastSeenBefore, lastSeenAfter, tenant, sort, page, size)
                .map(p -> p.map(DeviceResponse::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a device")
    public Uni<DeviceResponse> get(@RestPath int id) {
        return service.get(id).map(DeviceResponse::of);
    }

    @POST
    @Operation(summary = "Create a device", description = "409 when the hostname or IP address is taken.")
    public Uni<Response> create(@Valid @NotNull DeviceRequest request) {
        return service.create(request).map(d -> Response.created(URI.create("/api/v1/devices/" + d.id))
                .entity(DeviceResponse.of(d)).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a device's writable fields")
    public Uni<DeviceResponse> replace(@RestPath int id, @Valid @NotNull DeviceRequest request) {
        return service.replace(id, request).map(DeviceResponse::of);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change some fields of a device")
    public Uni<DeviceResponse> patch(@RestPath int id, @Valid @NotNull DevicePatch patch) {
        return service.patch(id, patch).map(DeviceResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a device", description = "409 when findings or actions refer to it: decommission it instead.")
    public Uni<Response> delete(@RestPath int id) {
        return service.delete(id).map(ignored -> Response.noContent().build());
    }
}
