package org.opmas.executor.execution;

import java.time.Instant;
import java.util.UUID;

import org.opmas.executor.device.DeviceConnection;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An action this executor has just moved to {@code running}, with what the row says: the row, not
 * the event, is authoritative for the command, dry-run, and (when set) timeout and retries.
 *
 * @param finalStep no later step of its run exists (all steps of a run are planned at once), so a
 *                  success of this one completes the run; true without a run
 * @param device    the device, its active key (still sealed) and pin, read by the claiming
 *                  statement; null if the device row does not exist
 */
public record ClaimedAction(long id, long deviceId, Long findingId, long playbookId, UUID runId, int stepNumber,
        JsonNode actionConfig, boolean dryRun, Instant startedAt, Instant deadlineAt, Integer timeoutSeconds,
        Integer retryCount, boolean finalStep, DeviceConnection device) {

    /** {@code action_config.command}, or null. */
    public String command() {
        JsonNode c = actionConfig == null ? null : actionConfig.get("command");
        return c == null || !c.isTextual() ? null : c.asText();
    }
}
