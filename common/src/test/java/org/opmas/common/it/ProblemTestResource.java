package org.opmas.common.it;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.SortSpec;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Endpoints that fail in every way the problem mappers must handle. */
@Path("/test/problems")
public class ProblemTestResource {

    public record SshConfig(@JsonProperty("ssh_port") @Min(1) @Max(65535) int sshPort) {
    }

    public record DeviceRequest(
            @NotBlank String hostname,
            @JsonProperty("ip_address") @Pattern(regexp = "[0-9.]+", message = "must be an IPv4 address")
            String ipAddress,
            @Valid SshConfig config) {
    }

    @POST
    @Path("/devices")
    public DeviceRequest create(@Valid DeviceRequest request) {
        return request;
    }

    @GET
    @Path("/devices")
    public PageResponse<String> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("sort") String sort) {
        Paging paging = Paging.of(page, size);
        SortSpec spec = SortSpec.parse(sort, java.util.Set.of("hostname", "created_at"),
                SortSpec.ascending("hostname", "hostname"));
        return PageResponse.of(List.of(spec.toString()), paging, 1);
    }

    @GET
    @Path("/devices/{id}")
    public String get(@PathParam("id") long id) {
        throw ProblemException.notFound("Device", id);
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("internal detail that must not leak");
    }

    @POST
    @Path("/duplicate")
    @WithTransaction
    public Uni<Integer> duplicate() {
        UUID id = UUID.randomUUID();
        String insert = "INSERT INTO device_outbox (event_id, topic, event_type, payload)"
                + " VALUES (?1, 'opmas.test.none', 't', CAST('{}' AS jsonb))";
        return Panache.getSession().chain(session -> session.createNativeQuery(insert).setParameter(1, id)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(insert).setParameter(1, id).executeUpdate()));
    }

    @POST
    @Path("/bad-inet")
    @WithTransaction
    public Uni<Object> badInet() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT CAST(CAST(?1 AS text) AS inet)").setParameter(1, "10.0.0.300")
                .getSingleResult());
    }
}
