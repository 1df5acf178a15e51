package org.opmas.playbook.runs.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.playbook.devices.DeviceInfo;
import org.opmas.playbook.devices.DeviceLookup;
import org.opmas.playbook.playbooks.Playbook;
import org.opmas.playbook.playbooks.PlaybookPolicy;
import org.opmas.playbook.playbooks.PlaybookStep;
import org.opmas.playbook.playbooks.repository.PlaybookRepository;
import org.opmas.playbook.playbooks.repository.PlaybookStepRepository;
import org.opmas.playbook.playbooks.service.TriggerMatcher;
import org.opmas.playbook.rendering.ActionRenderer;
import org.opmas.playbook.rendering.RenderContext;
import org.opmas.playbook.rendering.RenderException;
import org.opmas.playbook.runs.IntendedAction;
import org.opmas.playbook.runs.PlaybookRun;
import org.opmas.playbook.runs.repository.IntendedActionRepository;
import org.opmas.playbook.runs.repository.PlaybookRunRepository;
import org.opmas.schema.events.ActionType;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.FindingStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Turns a finding (or an operator's request) into runs: matches playbooks, applies cooldown and
 * rate limits, renders every step up front (all or nothing: a run whose step cannot be rendered
 * safely never starts), inserts one intended action per step and releases step 1.
 */
@ApplicationScoped
public class RunPlanner {

    private final PlaybookRepository playbooks;
    private final PlaybookStepRepository steps;
    private final PlaybookRunRepository runs;
    private final IntendedActionRepository actions;
    private final DeviceLookup devices;
    private final StepReleaser releaser;
    private final MeterRegistry registry;

    public RunPlanner(PlaybookRepository playbooks, PlaybookStepRepository steps, PlaybookRunRepository runs,
            IntendedActionRepository actions, DeviceLookup devices, StepReleaser releaser, MeterRegistry registry) {
        this.playbooks = playbooks;
        this.steps = steps;
        this.runs = runs;
        this.actions = actions;
        this.devices = devices;
        this.releaser = releaser;
        this.registry = registry;
    }

    /** Who asked for a run and with what. */
    public record RunRequest(Playbook playbook, DeviceInfo device, Integer findingId, Instant findingCreatedAt,
            RenderContext context, String trigger, String requestedBy, JsonNode variables, boolean enforceLimits) {
    }

    /** A step as it would run. */
    public record PlannedStep(int stepNumber, String name, String actionType, ObjectNode actionConfig, String command,
            boolean requiresApproval, boolean continueOnFailure, int timeoutSeconds, int retryCount, String error) {
    }

    /** Renders every step; a step that cannot be rendered carries its error instead of a command. */
    public static List<PlannedStep> render(Playbook playbook, List<PlaybookStep> steps, RenderContext context) {
        PlaybookPolicy policy = PlaybookPolicy.of(playbook.policy);
        List<PlannedStep> planned = new ArrayList<>();
        for (PlaybookStep step : steps) {
            boolean approval = step.requiresApproval || (planned.isEmpty() && policy.requiresApproval());
            ObjectNode config;
            String command = null;
            String error = null;
            try {
                ActionRenderer.Rendered rendered = ActionRenderer.render(ActionType.fromWire(step.actionType),
                        step.actionConfig, context);
                config = rendered.actionConfig();
                command = rendered.command();
            } catch (RenderException e) {
                error = e.getMessage();
                config = JsonNodeFactory.instance.objectNode();
                config.set("template", step.actionConfig);
                config.put("render_error", error);
            }
            planned.add(new PlannedStep(step.stepNumber, step.name, step.actionType, config, command, approval,
                    step.continueOnFailure, step.timeoutOrDefault(), step.retriesOrDefault(), error));
        }
        return planned;
    }

    /** Plans runs for a finding event; emits how many runs it started. */
    @WithTransaction
    public Uni<Integer> onFinding(FindingEvent event) {
        FindingEvent.Finding finding = event.finding();
        if (event.type() != FindingEvent.Type.CREATED) {
            return Uni.createFrom().item(0); // only new findings start playbooks (docs/PLAYBOOK-SERVICE.md)
        }
        if (finding.shadow()) {
            registry.counter("opmas_playbook_findings_ignored_total", "reason", "shadow").increment();
            return Uni.createFrom().item(0);
        }
        if (finding.status() != FindingStatus.NEW) {
            registry.counter("opmas_playbook_findings_ignored_total", "reason", "not_new").increment();
            return Uni.createFrom().item(0);
        }
        return devices.find(finding.deviceId()).chain(device -> {
            if (device == null) {
                Log.warnf("Finding %d refers to unknown device %d; no playbook runs", finding.id(), finding.deviceId());
                registry.counter("opmas_playbook_findings_ignored_total", "reason", "unknown_device").increment();
                return Uni.createFrom().item(0);
            }
            RenderContext context = RenderContext.of(finding.details(), null, device.toContext(), findingContext(finding));
            return playbooks.activeFindingPlaybooks().chain(candidates -> {
                List<Playbook> matched = candidates.stream()
                        .filter(p -> TriggerMatcher.matches(p.triggerConditions, finding, device)).toList();
                if (matched.isEmpty()) {
                    registry.counter("opmas_playbook_findings_unmatched_total").increment();
                }
                return Multi.createFrom().iterable(matched)
                        .onItem().transformToUniAndConcatenate(p -> plan(new RunRequest(p, device,
                                (int) finding.id(), finding.createdAt(), context, "finding", null, null, true)))
                        .collect().asList()
                        .map(list -> (int) list.stream().filter(r -> r != null && !r.isFinal()).count());
            });
        });
    }

    /**
     * Plans one run in the caller's transaction. Emits the run, or null when this finding already
     * started this playbook (idempotent redelivery).
     */
    public Uni<PlaybookRun> plan(RunRequest request) {
        Playbook playbook = request.playbook();
        int deviceId = request.device().id();
        Instant now = Instant.now();
        return runs.lockPlanning(playbook.id, deviceId)
                .chain(() -> request.findingId() == null ? Uni.createFrom().nullItem()
                        : runs.forFinding(playbook.id, request.findingId(), request.findingCreatedAt()))
                .chain(existing -> {
                    if (existing != null) {
                        registry.counter("opmas_playbook_runs_duplicate_total").increment();
                        return Uni.createFrom().nullItem();
                    }
                    return limits(request, now).chain(skipReason -> skipReason != null
                            ? skipped(request, skipReason, now)
                            : steps.ofPlaybook(playbook.id).chain(list -> start(request, list, now)));
                });
    }

    /** The reason the policy forbids a run now, or null. */
    private Uni<String> limits(RunRequest request, Instant now) {
        if (!request.enforceLimits()) {
            return Uni.createFrom().nullItem();
        }
        PlaybookPolicy policy = PlaybookPolicy.of(request.playbook().policy);
        int playbookId = request.playbook().id;
        int deviceId = request.device().id();
        Uni<String> cooldown = policy.cooldownSeconds() <= 0 ? Uni.createFrom().nullItem()
                : runs.lastStartedAt(playbookId, deviceId).map(last -> last != null
                        && last.plusSeconds(policy.cooldownSeconds()).isAfter(now)
                                ? "cooldown: last run on this device started at " + last + " (cooldown "
                                        + policy.cooldownSeconds() + " s)"
                                : null);
        return cooldown.chain(reason -> {
            if (reason != null || policy.maxRunsPerDevicePerHour() == null) {
                return Uni.createFrom().item(reason);
            }
            return runs.startedSince(playbookId, deviceId, now.minusSeconds(3600)).map(count -> count >= policy
                    .maxRunsPerDevicePerHour()
                            ? "rate limit: " + count + " runs on this device in the last hour (max "
                                    + policy.maxRunsPerDevicePerHour() + ")"
                            : null);
        });
    }

    private Uni<PlaybookRun> skipped(RunRequest request, String reason, Instant now) {
        PlaybookRun run = newRun(request, now);
        run.status = PlaybookRun.SKIPPED;
        run.statusReason = reason;
        run.finishedAt = now;
        registry.counter("opmas_playbook_runs_skipped_total", "reason", reason.substring(0, reason.indexOf(':')))
                .increment();
        Log.infof("Playbook %d on device %d skipped: %s", request.playbook().id, request.device().id(), reason);
        return runs.persist(run);
    }

    private Uni<PlaybookRun> start(RunRequest request, List<PlaybookStep> stepList, Instant now) {
        PlaybookRun run = newRun(request, now);
        if (stepList.isEmpty()) {
            run.status = PlaybookRun.SKIPPED;
            run.statusReason = "playbook has no steps";
            run.finishedAt = now;
            return runs.persist(run);
        }
        List<PlannedStep> planned = render(request.playbook(), stepList, request.context());
        PlannedStep broken = planned.stream().filter(s -> s.error() != null).findFirst().orElse(null);
        run.stepCount = planned.size();
        run.status = PlaybookRun.RUNNING;
        if (broken != null) {
            run.status = PlaybookRun.FAILED;
            run.statusReason = "step " + broken.stepNumber() + " cannot be rendered safely: " + broken.error();
            run.finishedAt = now;
            registry.counter("opmas_playbook_render_failures_total").increment();
            Log.warnf("Playbook %d on device %d not started: %s", request.playbook().id, request.device().id(),
                    run.statusReason);
        }
        PlaybookPolicy policy = PlaybookPolicy.of(request.playbook().policy);
        List<IntendedAction> created = new ArrayList<>();
        for (PlannedStep step : planned) {
            IntendedAction a = new IntendedAction();
            a.runId = run.runId;
            a.stepNumber = step.stepNumber();
            a.playbookId = request.playbook().id;
            a.deviceId = request.device().id();
            a.findingId = request.findingId();
            a.findingCreatedAt = request.findingCreatedAt();
            a.actionType = step.actionType();
            a.actionConfig = step.actionConfig();
            a.timeoutSeconds = step.timeoutSeconds();
            a.retryCount = step.retryCount();
            a.continueOnFailure = step.continueOnFailure();
            a.requiresApproval = step.requiresApproval();
            a.dryRun = run.dryRun;
            a.status = broken == null ? IntendedAction.PENDING : IntendedAction.SKIPPED;
            a.statusReason = broken == null ? null
                    : step == broken ? "not rendered: " + step.error() : "run not started: " + run.statusReason;
            created.add(a);
        }
        registry.counter("opmas_playbook_runs_planned_total", "trigger", run.trigger).increment();
        // The run row must exist before the actions that reference it (their ids are IDENTITY: inserted at once).
        return runs.persist(run).call(() -> Panache.getSession().chain(s -> s.flush()))
                .chain(() -> Multi.createFrom().iterable(created).onItem()
                        .transformToUniAndConcatenate(actions::persist).collect().asList())
                .chain(list -> broken != null ? Uni.createFrom().voidItem()
                        : releaser.release(run, list.get(0), policy, now))
                .replaceWith(run);
    }

    private static PlaybookRun newRun(RunRequest request, Instant now) {
        PlaybookRun run = new PlaybookRun();
        run.runId = UUID.randomUUID();
        run.playbookId = request.playbook().id;
        run.deviceId = request.device().id();
        run.findingId = request.findingId();
        run.findingCreatedAt = request.findingCreatedAt();
        run.trigger = request.trigger();
        run.requestedBy = request.requestedBy();
        run.variables = request.variables();
        run.dryRun = PlaybookPolicy.of(request.playbook().policy).dryRun();
        run.createdAt = now;
        return run;
    }

    static JsonNode findingContext(FindingEvent.Finding finding) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", finding.id());
        node.put("device_id", finding.deviceId());
        if (finding.agentId() != null) {
            node.put("agent_id", finding.agentId());
        }
        node.put("finding_type", finding.findingType());
        node.put("severity", finding.severity().wire());
        node.put("fingerprint", finding.fingerprint());
        return node;
    }
}
