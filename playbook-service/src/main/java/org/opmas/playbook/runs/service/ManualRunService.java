package org.opmas.playbook.runs.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.FieldError;
import org.opmas.playbook.devices.DeviceLookup;
import org.opmas.playbook.playbooks.PlaybookPolicy;
import org.opmas.playbook.playbooks.repository.PlaybookStepRepository;
import org.opmas.playbook.playbooks.service.PlaybookService;
import org.opmas.playbook.rendering.RenderContext;
import org.opmas.playbook.runs.rest.RunDtos.ManualRunRequest;
import org.opmas.playbook.runs.rest.RunDtos.ManualRunResponse;
import org.opmas.playbook.runs.rest.RunDtos.PreviewResponse;
import org.opmas.playbook.runs.rest.RunDtos.PreviewStep;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Runs requested by an operator. The finding's details are not readable by this service (findings
 * belong to finding-service), so a manual run's {@code variables} stand in for them: templates see
 * them as {@code details.*} and {@code vars.*}.
 */
@ApplicationScoped
public class ManualRunService {

    private final PlaybookService playbooks;
    private final PlaybookStepRepository steps;
    private final DeviceLookup devices;
    private final RunPlanner planner;

    public ManualRunService(PlaybookService playbooks, PlaybookStepRepository steps, DeviceLookup devices,
            RunPlanner planner) {
        this.playbooks = playbooks;
        this.steps = steps;
        this.devices = devices;
        this.planner = planner;
    }

    /** The exact commands the run would execute; creates nothing. */
    @WithSession
    public Uni<PreviewResponse> preview(int playbookId, ManualRunRequest request) {
        validate(request);
        return playbooks.require(playbookId).chain(p -> device(request).chain(device -> steps.ofPlaybook(playbookId)
                .map(list -> {
                    List<RunPlanner.PlannedStep> planned = RunPlanner.render(p, list, context(request, device));
                    return new PreviewResponse(playbookId, device.id(),
                            planned.stream().allMatch(s -> s.error() == null), PlaybookPolicy.of(p.policy).dryRun(),
                            planned.stream().map(PreviewStep::of).toList());
                })));
    }

    @WithTransaction
    public Uni<ManualRunResponse> start(int playbookId, ManualRunRequest request, String requestedBy) {
        validate(request);
        return playbooks.require(playbookId).chain(p -> {
            if (!p.active()) {
                throw new ConflictProblem("Playbook " + playbookId + " is not active", "is_active");
            }
            return device(request).chain(device -> steps.ofPlaybook(playbookId).chain(list -> {
                RenderContext context = context(request, device);
                List<RunPlanner.PlannedStep> planned = RunPlanner.render(p, list, context);
                List<FieldError> errors = planned.stream().filter(s -> s.error() != null)
                        .map(s -> new FieldError("variables", "step " + s.stepNumber() + ": " + s.error())).toList();
                if (!errors.isEmpty()) {
                    throw new BadRequestProblem("The playbook cannot be rendered safely with these values: "
                            + errors.get(0).message(), errors);
                }
                return planner.plan(new RunPlanner.RunRequest(p, device, request.findingId(),
                        request.findingCreatedAt(), context, "manual", requestedBy, request.variables(),
                        false));
            }));
        }).map(run -> {
            if (run == null) {
                throw new ConflictProblem("This finding already started playbook " + playbookId, "finding_id");
            }
            return new ManualRunResponse(run.runId, run.status, run.statusReason);
        });
    }

    private Uni<org.opmas.playbook.devices.DeviceInfo> device(ManualRunRequest request) {
        return devices.find(request.deviceId()).onItem().ifNull().failWith(() -> new BadRequestProblem(
                "Device " + request.deviceId() + " does not exist", "device_id", "no such device"));
    }

    private static void validate(ManualRunRequest request) {
        if ((request.findingId() == null) != (request.findingCreatedAt() == null)) {
            throw new BadRequestProblem("finding_id and finding_created_at go together", "finding_created_at",
                    "is required with finding_id (and only with it)");
        }
        if (request.variables() != null && !request.variables().isNull() && !request.variables().isObject()) {
            throw new BadRequestProblem("variables must be an object", "variables", "must be an object");
        }
    }

    private static RenderContext context(ManualRunRequest request, org.opmas.playbook.devices.DeviceInfo device) {
        ObjectNode finding = JsonNodeFactory.instance.objectNode();
        if (request.findingId() != null) {
            finding.put("id", request.findingId());
        }
        finding.put("device_id", device.id());
        return RenderContext.of(request.variables(), request.variables(), device.toContext(), finding);
    }
}
