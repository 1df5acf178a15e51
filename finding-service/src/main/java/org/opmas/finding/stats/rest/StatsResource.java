package org.opmas.finding.stats.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.finding.stats.service.FindingStatsService;
import org.opmas.finding.stats.service.FindingStatsService.Stats;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/findings/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "findings")
public class StatsResource {

    private final FindingStatsService stats;

    public StatsResource(FindingStatsService stats) {
        this.stats = stats;
    }

    @GET
    @Operation(summary = "Finding counts per time bucket and group",
            description = "from (inclusive) / to (exclusive), RFC 3339, default the last 24 h; bucket hour|day (UTC); "
                    + "group_by severity|finding_type|device_id|status.")
    public Uni<Stats> stats(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("bucket") String bucket, @QueryParam("group_by") String groupBy) {
        return stats.stats(FindingStatsService.instant("from", from), FindingStatsService.instant("to", to), bucket,
                groupBy);
    }
}
