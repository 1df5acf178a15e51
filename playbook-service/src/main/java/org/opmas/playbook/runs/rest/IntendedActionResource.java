package org.opmas.playbook.runs.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.security.ActingSubject;
import org.opmas.common.tenant.TenantScope;
import org.opmas.playbook.runs.repository.IntendedActionRepository;
import org.opmas.playbook.runs.rest.RunDtos.CancelRequest;
import org.opmas.playbook.runs.rest.RunDtos.DecisionRequest;
import org.opmas.playbook.runs.rest.RunDtos.IntendedActionResponse;
import org.opmas.playbook.runs.service.ApprovalService;
import org.opmas.playbook.runs.service.RunQueries;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/intended-actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "intended actions")
public class IntendedActionResource {

    private static final Map<String, String> SORTS = new LinkedHashMap<>();
    private static final Set<String> STATUSES = Set.of("pending", "awaiting_approval", "approved", "running",
            "succeeded", "failed", "timed_out", "cancelled", "skipped");

    static {
        SORTS.put("id", "id");
        SORTS.put("created_at", "createdAt");
        SORTS.put("updated_at", "updatedAt");
        SORTS.put("step_number", "stepNumber");
        SORTS.put("status", "status");
    }

    private final RunQueries queries;
    private final ApprovalService approvals;
    private final ActingSubject subject;
    /** Every call runs in the caller's tenant (row-level security): another tenant's action is a 404. */
    private final TenantScope tenants;

    public IntendedActionResource(RunQueries queries, ApprovalService approvals, ActingSubject subject,
            TenantScope tenants) {
        this.tenants = tenants;
        this.queries = queries;
        this.approvals = approvals;
        this.subject = subject;
    }

    @GET
    @Operation(summary = "List intended actions", description = "Filters: status, device_id, playbook_id, finding_id, run_id")
    public Uni<PageResponse<IntendedActionResponse>> list(@QueryParam("page") Integer page,
            @QueryParam("size") Integer size, @QueryParam("sort") String sort, @QueryParam("status") String status,
            @QueryParam("device_id") Integer deviceId, @QueryParam("playbook_id") Integer playbookId,
            @QueryParam("finding_id") Integer findingId, @QueryParam("run_id") UUID runId) {
        if (status != null && !STATUSES.contains(status)) {
            throw new BadRequestProblem("status must be one of " + STATUSES, "status", "unknown status");
        }
        Paging paging = Paging.of(page, size);
        SortSpec order = SortSpec.parse(sort, SORTS, SortSpec.descending("id", "id"));
        return tenants.withTransaction(() -> queries.actions(
                new IntendedActionRepository.Filter(status, deviceId, playbookId, findingId, runId), paging, order));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One intended action with its rendered command and, once run, its result")
    public Uni<IntendedActionResponse> get(@PathParam("id") int id) {
        return tenants.withTransaction(() -> queries.action(id));
    }

    @POST
    @Path("/{id}/approve")
    @Operation(summary = "Approve an action awaiting approval: it is scheduled and published (409 if expired or not awaiting); approved_by is the token's subject")
    public Uni<IntendedActionResponse> approve(@PathParam("id") int id, @Valid @NotNull DecisionRequest request) {
        return subject.name().chain(who -> tenants.withTransaction(() -> approvals.approve(id, who, request.reason()))).map(IntendedActionResponse::of);
    }

    @POST
    @Path("/{id}/reject")
    @Operation(summary = "Reject an action awaiting approval: it is cancelled and its run stops")
    public Uni<IntendedActionResponse> reject(@PathParam("id") int id, @Valid @NotNull DecisionRequest request) {
        return subject.name().chain(who -> tenants.withTransaction(() -> approvals.reject(id, who, request.reason()))).map(IntendedActionResponse::of);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel an action that has not started (pending, awaiting_approval, approved); its run stops")
    public Uni<IntendedActionResponse> cancel(@PathParam("id") int id, @Valid CancelRequest request) {
        return subject.name().chain(who -> tenants.withTransaction(
                () -> approvals.cancel(id, who, request == null ? null : request.reason()))).map(IntendedActionResponse::of);
    }

}
