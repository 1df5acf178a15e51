package org.opmas.playbook.runs.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.SortSpec;
import org.opmas.playbook.runs.repository.IntendedActionRepository;
import org.opmas.playbook.runs.repository.PlaybookRunRepository;
import org.opmas.playbook.runs.rest.RunDtos.IntendedActionResponse;
import org.opmas.playbook.runs.rest.RunDtos.RunResponse;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Read side of runs and intended actions. */
@ApplicationScoped
public class RunQueries {

    private final PlaybookRunRepository runs;
    private final IntendedActionRepository actions;

    public RunQueries(PlaybookRunRepository runs, IntendedActionRepository actions) {
        this.runs = runs;
        this.actions = actions;
    }

    @WithSession
    public Uni<RunResponse> run(UUID runId) {
        return runs.findById(runId).onItem().ifNull().failWith(() -> ProblemException.notFound("Run", runId))
                .chain(run -> actions.ofRun(runId).map(steps -> RunResponse.of(run, steps)));
    }

    @WithSession
    public Uni<PageResponse<RunResponse>> runs(PlaybookRunRepository.Filter filter, Paging paging, SortSpec sort) {
        return runs.page(filter, paging, sort).chain(items -> runs.count(filter)
                .map(total -> PageResponse.of(items.stream().map(r -> RunResponse.of(r, null)).toList(), paging, total)));
    }

    @WithSession
    public Uni<IntendedActionResponse> action(int id) {
        return actions.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Intended action", id))
                .map(IntendedActionResponse::of);
    }

    @WithSession
    public Uni<PageResponse<IntendedActionResponse>> actions(IntendedActionRepository.Filter filter, Paging paging,
            SortSpec sort) {
        return actions.page(filter, paging, sort).chain(items -> actions.count(filter)
                .map(total -> PageResponse.of(items.stream().map(IntendedActionResponse::of).toList(), paging, total)));
    }
}
