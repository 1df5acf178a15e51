package org.opmas.playbook.playbooks.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.opmas.common.rest.FieldError;
import org.opmas.playbook.playbooks.Playbook;
import org.opmas.playbook.playbooks.rest.PlaybookDtos.StepRequest;
import org.opmas.playbook.rendering.ActionRenderer;
import org.opmas.playbook.rendering.TemplateProblem;
import org.opmas.schema.events.ActionType;
import org.opmas.schema.events.DeviceStatus;
import org.opmas.schema.events.Severity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks what a playbook will do before it is stored: trigger conditions, policy and every step's
 * typed action (through {@link ActionRenderer#validate}). Field names are the JSON paths the
 * client sent ({@code steps[1].action_config.command}).
 */
public final class PlaybookValidator {

    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.*?:-]{1,255}");
    private static final Set<String> CONDITION_KEYS = Set.of("finding_type", "min_severity", "agent_id", "device");
    private static final Set<String> DEVICE_KEYS = Set.of("hostname", "model", "status");
    private static final Set<String> POLICY_KEYS = Set.of("requires_approval", "dry_run", "cooldown_seconds",
            "max_runs_per_device_per_hour", "approval_ttl_seconds");

    private PlaybookValidator() {
    }

    public static List<FieldError> triggerAndPolicy(String triggerType, JsonNode conditions, JsonNode policy) {
        List<FieldError> errors = new ArrayList<>();
        if (!Playbook.TRIGGER_FINDING.equals(triggerType) && !Playbook.TRIGGER_MANUAL.equals(triggerType)) {
            errors.add(new FieldError("trigger_type", "must be finding or manual"));
        } else if (Playbook.TRIGGER_MANUAL.equals(triggerType)) {
            if (conditions != null && !conditions.isNull() && !(conditions.isObject() && conditions.isEmpty())) {
                errors.add(new FieldError("trigger_conditions", "must be empty for a manual playbook"));
            }
        } else {
            findingConditions(conditions, errors);
        }
        policy(policy, errors);
        return errors;
    }

    private static void findingConditions(JsonNode c, List<FieldError> errors) {
        if (c == null || !c.isObject()) {
            errors.add(new FieldError("trigger_conditions", "is required for a finding playbook (an object with finding_type)"));
            return;
        }
        unknownKeys(c, CONDITION_KEYS, "trigger_conditions", errors);
        JsonNode type = c.get("finding_type");
        if (type == null || !type.isTextual() || !GLOB.matcher(type.textValue()).matches()) {
            errors.add(new FieldError("trigger_conditions.finding_type",
                    "is required: a finding type or glob like wifi_* ([A-Za-z0-9_.:-], * and ?)"));
        }
        JsonNode severity = c.get("min_severity");
        if (severity != null && !severity.isNull()) {
            try {
                Severity.fromWire(severity.asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("trigger_conditions.min_severity", "must be info, warning, error or critical"));
            }
        }
        JsonNode agent = c.get("agent_id");
        if (agent != null && !agent.isNull() && !(agent.canConvertToInt() && agent.isIntegralNumber() && agent.asInt() >= 1)) {
            errors.add(new FieldError("trigger_conditions.agent_id", "must be an integer >= 1"));
        }
        JsonNode device = c.get("device");
        if (device != null && !device.isNull()) {
            if (!device.isObject()) {
                errors.add(new FieldError("trigger_conditions.device", "must be an object {hostname, model, status}"));
                return;
            }
            unknownKeys(device, DEVICE_KEYS, "trigger_conditions.device", errors);
            for (String key : List.of("hostname", "model")) {
                JsonNode v = device.get(key);
                if (v != null && !v.isNull() && (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > 255)) {
                    errors.add(new FieldError("trigger_conditions.device." + key, "must be a non-blank glob (* and ?)"));
                }
            }
            JsonNode status = device.get("status");
            if (status != null && !status.isNull()) {
                List<JsonNode> values = new ArrayList<>();
                if (status.isArray()) {
                    status.forEach(values::add);
                } else {
                    values.add(status);
                }
                for (JsonNode v : values) {
                    try {
                        DeviceStatus.fromWire(v.asText());
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError("trigger_conditions.device.status",
                                "must be a device status or a list of them (active, inactive, maintenance, unreachable, decommissioned)"));
                        break;
                    }
                }
            }
        }
    }

    private static void policy(JsonNode p, List<FieldError> errors) {
        if (p == null || p.isNull()) {
            return;
        }
        if (!p.isObject()) {
            errors.add(new FieldError("policy", "must be an object"));
            return;
        }
        unknownKeys(p, POLICY_KEYS, "policy", errors);
        for (String key : List.of("requires_approval", "dry_run")) {
            if (p.has(key) && !p.get(key).isBoolean()) {
                errors.add(new FieldError("policy." + key, "must be true or false"));
            }
        }
        integer(p, "cooldown_seconds", 0, 30L * 24 * 3600, errors);
        integer(p, "max_runs_per_device_per_hour", 1, 3600, errors);
        integer(p, "approval_ttl_seconds", 1, 30L * 24 * 3600, errors);
    }

    private static void integer(JsonNode p, String key, long min, long max, List<FieldError> errors) {
        JsonNode v = p.get(key);
        if (v != null && !v.isNull() && (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max)) {
            errors.add(new FieldError("policy." + key, "must be an integer between " + min + " and " + max));
        }
    }

    /** Problems of the steps of a create/replace request, named steps[i].... */
    public static List<FieldError> steps(List<StepRequest> steps) {
        List<FieldError> errors = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            StepRequest step = steps.get(i);
            if (step == null) {
                errors.add(new FieldError("steps[" + i + "]", "must not be null"));
                continue;
            }
            if (step.stepNumber() != null && !numbers.add(step.stepNumber())) {
                errors.add(new FieldError("steps[" + i + "].step_number", "is used by another step"));
            }
            for (FieldError e : step(step)) {
                errors.add(new FieldError("steps[" + i + "]." + e.field(), e.message()));
            }
        }
        return errors;
    }

    /** Problems of one step, fields relative to the step ({@code action_config.command}). */
    public static List<FieldError> step(StepRequest step) {
        List<FieldError> errors = new ArrayList<>();
        ActionType type;
        try {
            type = ActionType.fromWire(step.actionType());
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.add(new FieldError("action_type", "must be one of ssh_command, service_restart, wifi_reload, "
                    + "interface_restart, block_ip, block_mac, uci_set, collect_diagnostics, reboot"));
            return errors;
        }
        for (TemplateProblem p : ActionRenderer.validate(type, step.actionConfig() == null
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : step.actionConfig())) {
            errors.add(new FieldError(p.field(), p.message()));
        }
        return errors;
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix, List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!allowed.contains(key)) {
                errors.add(new FieldError(prefix + "." + key, "is not allowed (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }
}
