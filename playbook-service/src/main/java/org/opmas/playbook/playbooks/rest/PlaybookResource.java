package org.opmas.playbook.playbooks.rest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.security.ActingSubject;
import org.opmas.common.tenant.TenantScope;
import org.opmas.playbook.playbooks.repository.PlaybookRepository;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.PlaybookRequest;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.PlaybookResponse;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.StepOrderRequest;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.StepRequest;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.StepResponse;
import org.opmas.playbook.playbooks.service.PlaybookService;
import org.opmas.playbook.runs.rest.RunDtos.ManualRunRequest;
import org.opmas.playbook.runs.service.ManualRunService;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/playbooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "playbooks")
public class PlaybookResource {

    private static final Map<String, String> SORTS = new LinkedHashMap<>();

    static {
        SORTS.put("id", "id");
        SORTS.put("name", "name");
        SORTS.put("created_at", "createdAt");
        SORTS.put("updated_at", "updatedAt");
    }

    private final PlaybookService service;
    private final ManualRunService manualRuns;

    private final ActingSubject subject;
    /** Playbooks are shared by every tenant: changing one needs an all-tenants token; runs stay in the caller's tenant. */
    private final TenantScope tenants;

    public PlaybookResource(PlaybookService service, ManualRunService manualRuns, ActingSubject subject,
            TenantScope tenants) {
        this.tenants = tenants;
        this.service = service;
        this.manualRuns = manualRuns;
        this.subject = subject;
    }

    @POST
    @Path("/{id}/runs")
    @Operation(summary = "Run a playbook on a device now (202 with the run id); with preview=true return the exact rendered steps and create nothing")
    public Uni<RestResponse<Object>> run(@PathParam("id") int id, @QueryParam("preview") boolean preview,
            @Valid @NotNull ManualRunRequest request) {
        if (preview) {
            return tenants.withTransaction(() -> manualRuns.preview(id, request)).map(p -> RestResponse.ok((Object) p));
        }
        return subject.name().chain(who -> tenants.withTransaction(() -> manualRuns.start(id, request, who))).map(r -> RestResponse.ResponseBuilder.<Object>accepted(r)
                .location(URI.create("/api/v1/runs/" + r.runId())).build());
    }

    @GET
    @Operation(summary = "List playbooks", description = "Filters: trigger_type, is_active, name (contains); sort: id, name, created_at, updated_at")
    public Uni<PageResponse<PlaybookResponse>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("sort") String sort, @QueryParam("trigger_type") String triggerType,
            @QueryParam("is_active") Boolean active, @QueryParam("name") String name) {
        Paging paging = Paging.of(page, size);
        SortSpec order = SortSpec.parse(sort, SORTS, SortSpec.ascending("id", "id"));
        return service.list(new PlaybookRepository.Filter(triggerType, active, name), paging, order);
    }

    @POST
    @Operation(summary = "Create a playbook (optionally with its steps); unsafe templates are rejected with 400")
    public Uni<RestResponse<PlaybookResponse>> create(@Valid @NotNull PlaybookRequest request) {
        return tenants.requireAllTenants().chain(() -> service.create(request)).map(p -> RestResponse.ResponseBuilder
                .<PlaybookResponse>created(URI.create("/api/v1/playbooks/" + p.id())).entity(p).build());
    }

    @GET
    @Path("/{id}")
    public Uni<PlaybookResponse> get(@PathParam("id") int id) {
        return service.get(id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a playbook's settings; with steps, its steps too")
    public Uni<PlaybookResponse> update(@PathParam("id") int id, @Valid @NotNull PlaybookRequest request) {
        return tenants.requireAllTenants().chain(() -> service.update(id, request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a playbook that never ran (409 otherwise: deactivate it instead)")
    public Uni<RestResponse<Void>> delete(@PathParam("id") int id) {
        return tenants.requireAllTenants().chain(() -> service.delete(id)).map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("/{id}/steps")
    public Uni<List<StepResponse>> steps(@PathParam("id") int id) {
        return service.steps(id);
    }

    @POST
    @Path("/{id}/steps")
    public Uni<RestResponse<StepResponse>> addStep(@PathParam("id") int id, @Valid @NotNull StepRequest request) {
        return tenants.requireAllTenants().chain(() -> service.addStep(id, request)).map(s -> RestResponse.ResponseBuilder
                .<StepResponse>created(URI.create("/api/v1/playbooks/" + id + "/steps/" + s.id())).entity(s).build());
    }

    @PUT
    @Path("/{id}/steps/order")
    @Operation(summary = "Reorder the steps: step_ids lists every step id in the new order (renumbered 1..n)")
    public Uni<List<StepResponse>> reorder(@PathParam("id") int id, @Valid @NotNull StepOrderRequest request) {
        return tenants.requireAllTenants().chain(() -> service.reorder(id, request.stepIds()));
    }

    @GET
    @Path("/{id}/steps/{stepId}")
    public Uni<StepResponse> step(@PathParam("id") int id, @PathParam("stepId") int stepId) {
        return service.step(id, stepId);
    }

    @PUT
    @Path("/{id}/steps/{stepId}")
    public Uni<StepResponse> updateStep(@PathParam("id") int id, @PathParam("stepId") int stepId,
            @Valid @NotNull StepRequest request) {
        return tenants.requireAllTenants().chain(() -> service.updateStep(id, stepId, request));
    }

    @DELETE
    @Path("/{id}/steps/{stepId}")
    public Uni<RestResponse<Void>> deleteStep(@PathParam("id") int id, @PathParam("stepId") int stepId) {
        return tenants.requireAllTenants().chain(() -> service.deleteStep(id, stepId)).map(ignored -> RestResponse.noContent());
    }
}
