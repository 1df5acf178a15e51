package org.opmas.playbook.playbooks.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.FieldError;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.SortSpec;
import org.opmas.playbook.playbooks.Playbook;
import org.opmas.playbook.playbooks.PlaybookStep;
import org.opmas.playbook.playbooks.repository.PlaybookRepository;
import org.opmas.playbook.playbooks.repository.PlaybookStepRepository;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.PlaybookRequest;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.PlaybookResponse;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.StepRequest;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.StepResponse;
import org.opmas.playbook.runs.repository.PlaybookRunRepository;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Playbook and step CRUD; every change is validated (and unsafe templates rejected) before it is stored. */
@ApplicationScoped
public class PlaybookService {

    /** Offset used while renumbering steps; far above any real step number (max 1000). */
    private static final int RENUMBER_OFFSET = 100_000;

    private final PlaybookRepository playbooks;
    private final PlaybookStepRepository steps;
    private final PlaybookRunRepository runs;

    public PlaybookService(PlaybookRepository playbooks, PlaybookStepRepository steps, PlaybookRunRepository runs) {
        this.playbooks = playbooks;
        this.steps = steps;
        this.runs = runs;
    }

    @WithSession
    public Uni<PageResponse<PlaybookResponse>> list(PlaybookRepository.Filter filter, Paging paging, SortSpec sort) {
        return playbooks.page(filter, paging, sort)
                .chain(items -> playbooks.count(filter)
                        .map(total -> PageResponse.of(items.stream().map(p -> PlaybookResponse.of(p, null)).toList(),
                                paging, total)));
    }

    @WithSession
    public Uni<PlaybookResponse> get(int id) {
        return require(id).chain(p -> steps.ofPlaybook(id).map(s -> PlaybookResponse.of(p, s)));
    }

    @WithTransaction
    public Uni<PlaybookResponse> create(PlaybookRequest request) {
        validate(request);
        Playbook p = new Playbook();
        apply(p, request);
        return playbooks.persist(p)
                .chain(saved -> insertSteps(saved.id, request.steps()))
                .map(created -> PlaybookResponse.of(p, created));
    }

    @WithTransaction
    public Uni<PlaybookResponse> update(int id, PlaybookRequest request) {
        validate(request);
        return require(id).chain(p -> {
            apply(p, request);
            if (request.steps() == null) {
                return Panache.getSession().chain(s -> s.flush()).chain(() -> steps.ofPlaybook(id))
                        .map(s -> PlaybookResponse.of(p, s));
            }
            return steps.delete("playbookId", id)
                    .call(() -> Panache.getSession().chain(s -> s.flush()))
                    .chain(() -> insertSteps(id, request.steps()))
                    .map(s -> PlaybookResponse.of(p, s));
        });
    }

    /**
     * Deletes a playbook that never ran. Runs (and their intended actions) are the audit trail of what
     * was done to routers, so a playbook with runs is kept: 409, deactivate it instead. The foreign keys
     * from playbook_runs and intended_actions back this up against a run planned concurrently.
     */
    @WithTransaction
    public Uni<Void> delete(int id) {
        return require(id).chain(p -> runs.count("playbookId", id).chain(count -> {
            if (count > 0) {
                return Uni.createFrom().failure(new ConflictProblem("Playbook " + id + " has " + count
                        + (count == 1 ? " run" : " runs") + " and is kept as their record; deactivate it"
                        + " (is_active=false) instead of deleting it", null));
            }
            return playbooks.delete(p);
        })).call(() -> Panache.getSession().chain(s -> s.flush()));
    }

    @WithSession
    public Uni<List<StepResponse>> steps(int playbookId) {
        return require(playbookId).chain(p -> steps.ofPlaybook(playbookId))
                .map(list -> list.stream().map(StepResponse::of).toList());
    }

    @WithSession
    public Uni<StepResponse> step(int playbookId, int stepId) {
        return requireStep(playbookId, stepId).map(StepResponse::of);
    }

    @WithTransaction
    public Uni<StepResponse> addStep(int playbookId, StepRequest request) {
        validateStep(request);
        return require(playbookId).chain(p -> steps.ofPlaybook(playbookId)).chain(existing -> {
            PlaybookStep step = new PlaybookStep();
            step.playbookId = playbookId;
            int next = existing.stream().mapToInt(s -> s.stepNumber).max().orElse(0) + 1;
            applyStep(step, request, request.stepNumber() == null ? next : request.stepNumber());
            return steps.persist(step).call(() -> Panache.getSession().chain(s -> s.flush()));
        }).map(StepResponse::of);
    }

    @WithTransaction
    public Uni<StepResponse> updateStep(int playbookId, int stepId, StepRequest request) {
        validateStep(request);
        return requireStep(playbookId, stepId).chain(step -> {
            applyStep(step, request, request.stepNumber() == null ? step.stepNumber : request.stepNumber());
            return Panache.getSession().chain(s -> s.flush()).replaceWith(step);
        }).map(StepResponse::of);
    }

    @WithTransaction
    public Uni<Void> deleteStep(int playbookId, int stepId) {
        return requireStep(playbookId, stepId).chain(steps::delete);
    }

    /**
     * Renumbers the steps 1..n in the given order, in one transaction: first every step moves to
     * step_number + offset, then each gets its final number, so the unique (playbook_id,
     * step_number) constraint never sees two equal numbers.
     */
    @WithTransaction
    public Uni<List<StepResponse>> reorder(int playbookId, List<Integer> stepIds) {
        return require(playbookId).chain(p -> steps.ofPlaybook(playbookId)).chain(existing -> {
            Set<Integer> actual = new HashSet<>();
            existing.forEach(s -> actual.add(s.id));
            Set<Integer> given = new HashSet<>(stepIds);
            if (given.size() != stepIds.size() || !given.equals(actual)) {
                throw new BadRequestProblem("step_ids must list every step of playbook " + playbookId
                        + " exactly once " + actual, "step_ids", "must list every step id of the playbook exactly once");
            }
            Uni<Integer> chain = steps.shiftAll(playbookId, RENUMBER_OFFSET);
            for (int i = 0; i < stepIds.size(); i++) {
                int id = stepIds.get(i);
                int number = i + 1;
                chain = chain.chain(() -> steps.renumber(id, number));
            }
            return chain;
        }).chain(() -> Panache.getSession().invoke(s -> s.clear()))
                .chain(() -> steps.ofPlaybook(playbookId))
                .map(list -> list.stream().map(StepResponse::of).toList());
    }

    /** The playbook or a 404. */
    public Uni<Playbook> require(int id) {
        return playbooks.findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Playbook", id));
    }

    private Uni<PlaybookStep> requireStep(int playbookId, int stepId) {
        return require(playbookId).chain(p -> steps.findInPlaybook(playbookId, stepId)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Step", stepId + " of playbook " + playbookId));
    }

    private Uni<List<PlaybookStep>> insertSteps(int playbookId, List<StepRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<PlaybookStep> created = new ArrayList<>();
        int next = 1;
        Set<Integer> used = new HashSet<>();
        requests.stream().filter(r -> r.stepNumber() != null).forEach(r -> used.add(r.stepNumber()));
        for (StepRequest r : requests) {
            int number;
            if (r.stepNumber() != null) {
                number = r.stepNumber();
            } else {
                while (used.contains(next)) {
                    next++;
                }
                number = next;
                used.add(number);
            }
            PlaybookStep step = new PlaybookStep();
            step.playbookId = playbookId;
            applyStep(step, r, number);
            created.add(step);
        }
        return Multi.createFrom().iterable(created).onItem().transformToUniAndConcatenate(steps::persist)
                .collect().asList()
                .call(() -> Panache.getSession().chain(s -> s.flush()))
                .map(list -> list.stream().sorted((a, b) -> Integer.compare(a.stepNumber, b.stepNumber)).toList());
    }

    private static void validate(PlaybookRequest request) {
        List<FieldError> errors = new ArrayList<>(PlaybookValidator.triggerAndPolicy(request.triggerType(),
                request.triggerConditions(), request.policy()));
        if (request.steps() != null) {
            errors.addAll(PlaybookValidator.steps(request.steps()));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestProblem(summary(errors), errors);
        }
    }

    private static void validateStep(StepRequest request) {
        List<FieldError> errors = PlaybookValidator.step(request);
        if (!errors.isEmpty()) {
            throw new BadRequestProblem(summary(errors), errors);
        }
    }

    static String summary(List<FieldError> errors) {
        FieldError first = errors.get(0);
        return first.field() + ": " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    private static void apply(Playbook p, PlaybookRequest r) {
        p.name = r.name().trim();
        p.description = r.description();
        p.triggerType = r.triggerType();
        p.triggerConditions = r.triggerConditions() == null || r.triggerConditions().isNull() ? null
                : r.triggerConditions();
        p.isActive = r.isActive() == null || r.isActive();
        p.policy = r.policy() == null || r.policy().isNull() ? JsonNodeFactory.instance.objectNode() : r.policy();
    }

    private static void applyStep(PlaybookStep step, StepRequest r, int number) {
        step.stepNumber = number;
        step.name = r.name();
        step.actionType = r.actionType();
        step.actionConfig = r.actionConfig() == null ? JsonNodeFactory.instance.objectNode() : r.actionConfig();
        step.timeoutSeconds = r.timeoutSeconds() == null ? 30 : r.timeoutSeconds();
        step.retryCount = r.retryCount() == null ? 0 : r.retryCount();
        step.continueOnFailure = Boolean.TRUE.equals(r.continueOnFailure());
        step.requiresApproval = Boolean.TRUE.equals(r.requiresApproval());
    }
}
