package org.opmas.executor.control.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opmas.common.security.ActingSubject;
import org.opmas.common.tenant.TenantScope;
import org.opmas.common.security.AuditLog;
import org.opmas.executor.config.ExecutorConfig;
import org.opmas.executor.control.service.KillSwitch;
import org.opmas.executor.execution.repository.ActionQueueRepository;
import org.opmas.executor.execution.service.Dispatcher;
import org.opmas.executor.execution.service.Sweeper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/executor")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "executor", description = "Kill switch and state of the action-executor")
public class ExecutorResource {

    private final KillSwitch killSwitch;
    private final Dispatcher dispatcher;
    private final Sweeper sweeper;
    private final ActionQueueRepository queue;
    private final ExecutorConfig config;
    private final ActingSubject subject;
    private final TenantScope tenants;

    public ExecutorResource(KillSwitch killSwitch, Dispatcher dispatcher, Sweeper sweeper, ActionQueueRepository queue,
            ExecutorConfig config, ActingSubject subject, TenantScope tenants) {
        this.subject = subject;
        this.tenants = tenants;
        this.killSwitch = killSwitch;
        this.dispatcher = dispatcher;
        this.sweeper = sweeper;
        this.queue = queue;
        this.config = config;
    }

    @GET
    @Operation(summary = "Kill switch state, running and queued actions, limits")
    public Uni<ExecutorStatus> status() {
        return queue.size().map(durable -> new ExecutorStatus(killSwitch.isEnabled(), !killSwitch.isEnabled(),
                dispatcher.running(), dispatcher.queued(), dispatcher.rateLimited(), durable, config.maxConcurrency(),
                config.perDeviceRateLimit(), config.rateWindow().toString(), config.connectTimeout().toString()));
    }

    @POST
    @Path("/pause")
    @Operation(summary = "Kill switch off (executor.enabled=false, every replica within 2 s): nothing more is "
            + "sent to any router; actions wait, none is lost")
    public Uni<ExecutorStatus> pause() {
        return tenants.requireAllTenants().chain(subject::name).chain(who -> killSwitch.pause(who)
                        .invoke(() -> {
                            Log.warnf("Executor paused through the API by %s", who);
                            AuditLog.record(who, "executor.pause", "kill-switch");
                        }))
                .chain(this::status);
    }

    @POST
    @Path("/resume")
    @Operation(summary = "Kill switch on (executor.enabled=true): waiting actions run")
    public Uni<ExecutorStatus> resume() {
        return tenants.requireAllTenants().chain(subject::name).chain(who -> killSwitch.resume(who)
                        .invoke(() -> AuditLog.record(who, "executor.resume", "kill-switch")))
                .chain(sweeper::resumed).chain(this::status);
    }
}
