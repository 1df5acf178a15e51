package org.opmas.finding.lifecycle.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.common.rest.NotFoundProblem;
import org.opmas.common.security.ActingSubject;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.lifecycle.service.LifecycleService;
import org.opmas.finding.lifecycle.service.LifecycleService.Transition;

import io.smallrye.mutiny.Uni;

@Path("/api/v1/findings/{id: [0-9]+}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "findings")
public class LifecycleResource {

    private final LifecycleService lifecycle;
    private final ActingSubject subject;

    public LifecycleResource(LifecycleService lifecycle, ActingSubject subject) {
        this.lifecycle = lifecycle;
        this.subject = subject;
    }

    @POST
    @Path("/{transition: acknowledge|resolve|false-positive|reopen}")
    @Operation(summary = "Move a finding through its lifecycle",
            description = "acknowledge: new→acknowledged; resolve: new/acknowledged→resolved; false-positive: "
                    + "new/acknowledged→false_positive; reopen: resolved/false_positive→new. Anything else is 409. "
                    + "The actor recorded is the bearer token's subject.")
    public Uni<FindingRow> transition(@PathParam("id") long id, @PathParam("transition") String transition,
            @Valid TransitionRequest body) {
        Transition t = LifecycleService.BY_PATH.get(transition);
        if (t == null) {
            throw new NotFoundProblem("unknown transition " + transition);
        }
        return subject.name().chain(who -> lifecycle.transition(id, t, who, body == null ? null : body.reason()));
    }

    @GET
    @Path("/transitions")
    @Operation(summary = "Lifecycle history of a finding (oldest first)")
    public Uni<List<TransitionView>> history(@PathParam("id") long id) {
        return lifecycle.history(id).map(list -> list.stream().map(TransitionView::of).toList());
    }
}
