package org.opmas.executor.execution.rest;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
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
import org.opmas.executor.execution.repository.ExecutionFilter;
import org.opmas.executor.execution.service.ExecutionQueries;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "executions", description = "Intended actions as the executor runs them")
public class ExecutionResource {

    private static final Set<String> STATUSES = Set.of("pending", "awaiting_approval", "approved", "running",
            "succeeded", "failed", "timed_out", "cancelled", "skipped");

    private final ExecutionQueries queries;

    public ExecutionResource(ExecutionQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Recent executions (newest first by default), filtered by status, device, run, type, since")
    public Uni<PageResponse<ExecutionView>> list(@QueryParam("status") String status,
            @QueryParam("device_id") @Positive Integer deviceId, @QueryParam("run_id") UUID runId,
            @QueryParam("action_type") @Pattern(regexp = "[a-z_]{1,50}") String actionType,
            @QueryParam("since") String since, @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("sort") String sort) {
        if (status != null && !STATUSES.contains(status)) {
            throw new BadRequestProblem("status must be one of " + STATUSES, "status");
        }
        Instant sinceInstant = null;
        if (since != null) {
            try {
                sinceInstant = Instant.parse(since);
            } catch (RuntimeException e) {
                throw new BadRequestProblem("since must be an RFC 3339 instant, e.g. 2026-11-27T22:00:00Z", "since");
            }
        }
        Paging paging = Paging.of(page, size);
        SortSpec sortSpec = SortSpec.parse(sort, ExecutionQueries.SORTABLE, SortSpec.descending("id", "id"));
        ExecutionFilter filter = new ExecutionFilter(status, deviceId, runId, actionType, sinceInstant, false);
        return queries.list(filter, sortSpec, paging).map(p -> p.map(ExecutionView::summary));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One execution with its full result (output, exit code, attempts, error)")
    public Uni<ExecutionView> get(@PathParam("id") @Positive int id) {
        return queries.get(id).map(ExecutionView::detail);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a queued action (pending, approved or awaiting approval); 409 once it runs or ran")
    public Uni<ExecutionView> cancel(@PathParam("id") @Positive int id) {
        return queries.cancel(id).map(ExecutionView::detail);
    }
}
