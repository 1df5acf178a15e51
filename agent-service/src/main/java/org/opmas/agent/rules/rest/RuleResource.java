package org.opmas.agent.rules.rest;

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
import org.opmas.agent.rules.service.RuleService;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;

@Path("/api/v1/agents/{agentId}/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "rules")
public class RuleResource {

    private final RuleService service;

    public RuleResource(RuleService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "List an agent's rules in evaluation order (priority descending, then id)",
            description = "Filters: active, rule_type.")
    public Uni<PageResponse<RuleResponse>> list(@PathParam("agentId") int agentId, @QueryParam("active") Boolean active,
            @QueryParam("rule_type") String ruleType, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(agentId, active, ruleType, Paging.of(page, size)).map(p -> p.map(RuleResponse::of));
    }

    @GET
    @Path("/{ruleId}")
    @Operation(summary = "Get a rule")
    public Uni<RuleResponse> get(@PathParam("agentId") int agentId, @PathParam("ruleId") int ruleId) {
        return service.get(agentId, ruleId).map(RuleResponse::of);
    }

    @POST
    @Operation(summary = "Create a rule (takes effect in running engines within 2 s)")
    public Uni<Response> create(@PathParam("agentId") int agentId, @Valid @NotNull RuleRequest request) {
        return service.create(agentId, request).map(r -> Response
                .created(URI.create("/api/v1/agents/" + agentId + "/rules/" + r.id)).entity(RuleResponse.of(r)).build());
    }

    @PUT
    @Path("/{ruleId}")
    @Operation(summary = "Replace a rule (its window state restarts)")
    public Uni<RuleResponse> update(@PathParam("agentId") int agentId, @PathParam("ruleId") int ruleId,
            @Valid @NotNull RuleRequest request) {
        return service.update(agentId, ruleId, request).map(RuleResponse::of);
    }

    @DELETE
    @Path("/{ruleId}")
    @Operation(summary = "Delete a rule")
    public Uni<Response> delete(@PathParam("agentId") int agentId, @PathParam("ruleId") int ruleId) {
        return service.delete(agentId, ruleId).map(ignored -> Response.noContent().build());
    }
}
