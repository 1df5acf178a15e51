package org.opmas.agent.preview.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.agent.preview.service.PreviewService;

@Path("/api/v1/rules/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "rules")
public class PreviewResource {

    private final PreviewService service;

    public PreviewResource(PreviewService service) {
        this.service = service;
    }

    @POST
    @Blocking // regexes over up to 5000 samples: keep it off the event loop
    @Operation(summary = "Try a rule on sample syslog lines or DeviceLogEvents",
            description = "Nothing is stored or published: which samples match, what they capture, which detections would result.")
    public PreviewResponse preview(@Valid @NotNull PreviewRequest request) {
        return service.preview(request);
    }
}
