package org.opmas.executor.execution.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.tenant.TenantScope;
import org.opmas.executor.execution.Execution;
import org.opmas.executor.execution.repository.ExecutionFilter;
import org.opmas.executor.execution.repository.ExecutionRepository;

import io.smallrye.mutiny.Uni;

/** Read side of /api/v1/executions, and cancelling a queued action. */
@ApplicationScoped
public class ExecutionQueries {

    /** Sortable fields: client name to entity property. */
    public static final Map<String, String> SORTABLE = Map.of(
            "id", "id",
            "created_at", "createdAt",
            "started_at", "startedAt",
            "executed_at", "executedAt",
            "status", "status",
            "device_id", "deviceId");

    private final ExecutionRepository executions;
    private final ResultRecorder recorder;
    private final Dispatcher dispatcher;
    private final TenantScope tenants;

    public ExecutionQueries(ExecutionRepository executions, ResultRecorder recorder, Dispatcher dispatcher,
            TenantScope tenants) {
        this.tenants = tenants;
        this.executions = executions;
        this.recorder = recorder;
        this.dispatcher = dispatcher;
    }

    /** The caller's tenant only (row-level security): another tenant's executions are not there. */
    public Uni<PageResponse<Execution>> list(ExecutionFilter filter, SortSpec sort, Paging paging) {
        return tenants.withTransaction(() -> executions.list(filter, sort, paging)
                .chain(items -> executions.count(filter).map(total -> PageResponse.of(items, paging, total))));
    }

    public Uni<Execution> get(int id) {
        return tenants.withTransaction(() -> executions.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("execution", id)));
    }

    /**
     * Cancels in the database first (the compare-and-set decides), then drops it from its lane. In the
     * caller's tenant: another tenant's action is a 404 and stays queued.
     */
    public Uni<Execution> cancel(int id) {
        return tenants.withTransaction(() -> recorder.cancel(id)).invoke(() -> dispatcher.withdraw(id));
    }
}
