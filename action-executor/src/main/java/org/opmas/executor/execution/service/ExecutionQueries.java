package org.opmas.executor.execution.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.SortSpec;
import org.opmas.executor.execution.Execution;
import org.opmas.executor.execution.repository.ExecutionFilter;
import org.opmas.executor.execution.repository.ExecutionRepository;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
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

    public ExecutionQueries(ExecutionRepository executions, ResultRecorder recorder, Dispatcher dispatcher) {
        this.executions = executions;
        this.recorder = recorder;
        this.dispatcher = dispatcher;
    }

    @WithSession
    public Uni<PageResponse<Execution>> list(ExecutionFilter filter, SortSpec sort, Paging paging) {
        return executions.list(filter, sort, paging)
                .chain(items -> executions.count(filter).map(total -> PageResponse.of(items, paging, total)));
    }

    @WithSession
    public Uni<Execution> get(int id) {
        return executions.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("execution", id));
    }

    /** Cancels in the database first (the compare-and-set decides), then drops it from its lane. */
    public Uni<Execution> cancel(int id) {
        return recorder.cancel(id).invoke(() -> dispatcher.withdraw(id));
    }
}
