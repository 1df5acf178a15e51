package org.opmas.agent.agents.rest;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.agent.agents.service.AgentService;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;

@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentResource {

    private final AgentService service;

    public AgentResource(AgentService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List agents", description = "Filters: type, active. Sort: id, name, type, created_at, updated_at (field,asc|desc).")
    public Uni<PageResponse<AgentResponse>> list(@QueryParam("type") String type, @QueryParam("active") Boolean active,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size, @QueryParam("sort") String sort) {
        return service.list(type, active, Paging.of(page, size), SortSpec.parse(sort, AgentService.SORTS, SortSpec.ascending("id", "id")))
                .map(p -> p.map(AgentResponse::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an agent")
    public Uni<AgentResponse> get(@PathParam("id") int id) {
        return service.get(id).map(AgentResponse::of);
    }

    @POST
    @Operation(summary = "Create an agent")
    public Uni<Response> create(@Valid @NotNull AgentRequest request) {
        return service.create(request).map(a -> Response.created(URI.create("/api/v1/agents/" + a.id))
                .entity(AgentResponse.of(a)).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace an agent")
    public Uni<AgentResponse> update(@PathParam("id") int id, @Valid @NotNull AgentRequest request) {
        return service.update(id, request).map(AgentResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an agent and its rules (409 while findings refer to it: deactivate it instead)")
    public Uni<Response> delete(@PathParam("id") int id) {
        return service.delete(id).map(ignored -> Response.noContent().build());
    }
}
