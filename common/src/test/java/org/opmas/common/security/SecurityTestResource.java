package org.opmas.common.security;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;

/** A stand-in API guarded by common's baseline permissions plus one operator exception (test application.properties). */
@Path("/api/v1/test-security/things")
public class SecurityTestResource {

    private final ActingSubject subject;

    public SecurityTestResource(ActingSubject subject) {
        this.subject = subject;
    }

    @GET
    public String list() {
        return "things";
    }

    @POST
    public Uni<String> create() {
        return subject.name().map(who -> "created by " + who);
    }

    @DELETE
    @Path("/{id}")
    public String delete(@PathParam("id") int id) {
        return "deleted " + id;
    }

    @POST
    @Path("/{id}/approve")
    public Uni<String> approve(@PathParam("id") int id) {
        return subject.name();
    }
}
