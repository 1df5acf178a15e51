package org.opmas.schema.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.opmas.schema.CloudEvents;

/**
 * One rendered playbook step to run — topic {@code opmas.actions.intended}, ce_type
 * {@code org.opmas.action.intended.v1}, schema {@code schemas/intended-action.v1.schema.json}.
 *
 * @param id             event id (= ce_id)
 * @param actionId       intended_actions.id (the executor's compare-and-set key)
 * @param findingId      the finding it remediates, nullable (manual runs)
 * @param playbookId     playbooks.id
 * @param runId          one run of a playbook; groups its steps
 * @param stepNumber     1-based step number
 * @param deviceId       target device
 * @param actionType     what the step does
 * @param actionConfig   rendered config (object), always with the exact {@code command} string
 * @param timeoutSeconds per-attempt timeout, 1–3600
 * @param retryCount     retries after the first attempt, 0–10
 * @param dryRun         render and report only
 * @param deadline       do not start after this instant (result: skipped)
 * @param createdAt      when the action was planned
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IntendedActionEvent(
        UUID id,
        long actionId,
        Long findingId,
        long playbookId,
        UUID runId,
        int stepNumber,
        long deviceId,
        ActionType actionType,
        JsonNode actionConfig,
        int timeoutSeconds,
        int retryCount,
        boolean dryRun,
        Instant deadline,
        Instant createdAt) implements OpmasEvent {

    /** Key of the rendered command in {@code action_config}. */
    public static final String COMMAND = "command";

    public IntendedActionEvent {
        actionConfig = Nodes.orNull(actionConfig);
    }

    /** The exact rendered command ({@code action_config.command}), or null if missing. */
    public String renderedCommand() {
        if (actionConfig == null) {
            return null;
        }
        JsonNode c = actionConfig.get(COMMAND);
        return c == null || !c.isTextual() ? null : c.asText();
    }

    @Override
    public String eventType() {
        return CloudEvents.ACTION_INTENDED_V1;
    }

    @Override
    public Instant eventTime() {
        return createdAt;
    }

    @Override
    public String kafkaKey() {
        return Long.toString(deviceId);
    }
}
