package org.opmas.finding.query.rest;


import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.common.rest.Paging;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.query.service.FindingPage;
import org.opmas.finding.query.service.FindingQueryService;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/findings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "findings")
public class FindingResource {

    private final FindingQueryService queries;

    public FindingResource(FindingQueryService queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "List findings", description = "Filters combine with AND. details.<path>=<value> (e.g. "
            + "details.source_ip=192.0.2.7, details.iface.name=wlan0) matches by JSON containment. Page with "
            + "page/size, or follow next_cursor (sort=created_at only) for stable paging while rows are inserted.")
    public Uni<FindingPage> list(@QueryParam("device_id") Long deviceId, @QueryParam("agent_id") Long agentId,
            @QueryParam("severity") String severity, @QueryParam("min_severity") String minSeverity,
            @QueryParam("status") String status, @QueryParam("finding_type") String findingType,
            @Parameter(description = "RFC 3339, inclusive") @QueryParam("created_after") String createdAfter,
            @Parameter(description = "RFC 3339, exclusive") @QueryParam("created_before") String createdBefore,
            @Parameter(description = "full-text search in the description") @QueryParam("q") String q,
            @Parameter(description = "created_at | last_seen_at | severity, then ,asc or ,desc (default created_at,desc)")
            @QueryParam("sort") String sort,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "capped (default: count up to 1000, total_exact=false beyond) | exact | none")
            @QueryParam("total") String total,
            @Context UriInfo uri) {
        var query = FindingQueryService.query(deviceId, agentId, severity, minSeverity, status, findingType,
                createdAfter, createdBefore, q, sort, uri.getQueryParameters());
        return queries.list(query, Paging.of(page, size), cursor, total);
    }

    @GET
    @Path("/{id: [0-9]+}")
    @Operation(summary = "One finding")
    public Uni<FindingRow> get(@PathParam("id") long id) {
        return queries.get(id);
    }

}
