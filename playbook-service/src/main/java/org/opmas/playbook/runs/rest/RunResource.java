package org.opmas.playbook.runs.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.tenant.TenantScope;
import org.opmas.playbook.runs.repository.PlaybookRunRepository;
import org.opmas.playbook.runs.rest.RunDtos.RunResponse;
import org.opmas.playbook.runs.service.RunQueries;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {

    private static final Map<String, String> SORTS = new LinkedHashMap<>();

    static {
        SORTS.put("created_at", "createdAt");
        SORTS.put("updated_at", "updatedAt");
        SORTS.put("status", "status");
    }

    private final RunQueries queries;
    /** Runs of the caller's tenant only (row-level security). */
    private final TenantScope tenants;

    public RunResource(RunQueries queries, TenantScope tenants) {
        this.queries = queries;
        this.tenants = tenants;
    }

    @GET
    @Operation(summary = "List runs", description = "Filters: playbook_id, device_id, status, finding_id")
    public Uni<PageResponse<RunResponse>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("sort") String sort, @QueryParam("playbook_id") Integer playbookId,
            @QueryParam("device_id") Integer deviceId, @QueryParam("status") String status,
            @QueryParam("finding_id") Integer findingId) {
        Paging paging = Paging.of(page, size);
        SortSpec order = SortSpec.parse(sort, SORTS, SortSpec.descending("created_at", "createdAt"));
        return tenants.withTransaction(() -> queries.runs(
                new PlaybookRunRepository.Filter(playbookId, deviceId, status, findingId), paging, order));
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "A run's state and its steps")
    public Uni<RunResponse> get(@PathParam("runId") UUID runId) {
        return tenants.withTransaction(() -> queries.run(runId));
    }
}
