package org.opmas.finding.retention.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.finding.retention.service.MaintenanceService;
import org.opmas.finding.retention.service.MaintenanceService.MaintenanceReport;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/findings/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "findings")
public class MaintenanceResource {

    private final MaintenanceService maintenance;

    public MaintenanceResource(MaintenanceService maintenance) {
        this.maintenance = maintenance;
    }

    @POST
    @Path("/run")
    @Operation(summary = "Run partition maintenance and retention now",
            description = "Creates the coming months' partitions and drops monthly partitions older than "
                    + "findings.retention_days; returns the created and dropped partitions.")
    public Uni<MaintenanceReport> run() {
        return maintenance.run();
    }
}
