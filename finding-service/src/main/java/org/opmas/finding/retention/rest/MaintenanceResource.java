package org.opmas.finding.retention.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.common.tenant.TenantScope;
import org.opmas.finding.retention.service.MaintenanceService;
import org.opmas.finding.retention.service.MaintenanceService.MaintenanceReport;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/findings/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "findings")
public class MaintenanceResource {

    private final MaintenanceService maintenance;
    private final TenantScope tenants;

    public MaintenanceResource(MaintenanceService maintenance, TenantScope tenants) {
        this.maintenance = maintenance;
        this.tenants = tenants;
    }

    @POST
    @Path("/run")
    @Operation(summary = "Run partition maintenance and retention now",
            description = "Creates the coming months' partitions and drops monthly partitions older than "
                    + "findings.retention_days; returns the created and dropped partitions. Partitions hold every "
                    + "tenant's findings, so this needs a token for all tenants (tenant claim '*'); any other is 403.")
    public Uni<MaintenanceReport> run() {
        // Dropping a partition removes every tenant's old findings: only an all-tenants caller may do it.
        // Past this check the caller's tenant is '*', so the run is the same system-wide one the
        // scheduler does (naming '*' in its transaction would change nothing).
        return tenants.requireAllTenants().chain(maintenance::run);
    }
}
