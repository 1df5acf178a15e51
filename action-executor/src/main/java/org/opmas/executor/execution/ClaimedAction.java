package org.opmas.executor.execution;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An action this executor has just moved to {@code running}, with what the row says: the row, not
 * the event, is authoritative for the command, dry-run, and (when set) timeout and retries.
 */
public record ClaimedAction(long id, long deviceId, Long findingId, long playbookId, UUID runId, int stepNumber,
        JsonNode actionConfig, boolean dryRun, Instant startedAt, Instant deadlineAt, Integer timeoutSeconds,
        Integer retryCount) {

    /** {@code action_config.command}, or null. */
    public String command() {
        JsonNode c = actionConfig == null ? null : actionConfig.get("command");
        return c == null || !c.isTextual() ? null : c.asText();
    }
}
