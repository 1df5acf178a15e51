package org.opmas.schema.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.opmas.schema.CloudEvents;

/**
 * The outcome of one intended action — topic {@code opmas.actions.results}, ce_type
 * {@code org.opmas.action.result.v1}, schema {@code schemas/action-result.v1.schema.json}.
 *
 * @param id              event id (= ce_id)
 * @param actionId        intended_actions.id
 * @param findingId       nullable
 * @param playbookId      playbooks.id
 * @param runId           the playbook run
 * @param stepNumber      1-based step number
 * @param deviceId        target device
 * @param status          succeeded | failed | timed_out | cancelled | skipped
 * @param exitCode        exit status of the last attempt, null if nothing ran / timed out
 * @param stdout          output, capped with {@link #capOutput}
 * @param stderr          error output, capped with {@link #capOutput}
 * @param stdoutTruncated stdout was cut
 * @param stderrTruncated stderr was cut
 * @param attempts        attempts made (0 if none)
 * @param startedAt       start of the first attempt, null if nothing started
 * @param finishedAt      when the outcome was final
 * @param durationMs      wall time from first start to finish (0 if nothing started)
 * @param error           why it failed, nullable; never secrets
 * @param dryRun          it was a dry run
 * @param command         the command that ran (or would have run)
 * @param finalStep       the action is the last step of its run; null = unknown (producers before
 *                        this field), which consumers treat as final
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ActionResultEvent(
        UUID id,
        long actionId,
        Long findingId,
        long playbookId,
        UUID runId,
        int stepNumber,
        long deviceId,
        ActionStatus status,
        Integer exitCode,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        String error,
        boolean dryRun,
        String command,
        Boolean finalStep) implements OpmasEvent {

    /** A result that does not say whether its step is the run's last (treated as final). */
    public ActionResultEvent(UUID id, long actionId, Long findingId, long playbookId, UUID runId, int stepNumber,
            long deviceId, ActionStatus status, Integer exitCode, String stdout, String stderr, boolean stdoutTruncated,
            boolean stderrTruncated, int attempts, Instant startedAt, Instant finishedAt, long durationMs, String error,
            boolean dryRun, String command) {
        this(id, actionId, findingId, playbookId, runId, stepNumber, deviceId, status, exitCode, stdout, stderr,
                stdoutTruncated, stderrTruncated, attempts, startedAt, finishedAt, durationMs, error, dryRun, command,
                null);
    }

    /** Whether a success of this action completes its run: true unless the producer said otherwise. */
    public boolean completesRun() {
        return finalStep == null || finalStep;
    }

    /** Output kept per stream, in chars (64 KiB). */
    public static final int MAX_OUTPUT_CHARS = 65536;
    /** Schema cap per stream: {@link #MAX_OUTPUT_CHARS} plus room for the truncation marker. */
    public static final int MAX_OUTPUT_WITH_MARKER = 65792;

    /** Output capped to the contract, and whether it was cut. */
    public record Capped(String text, boolean truncated) {
    }

    /**
     * Caps stdout/stderr: keeps the first {@link #MAX_OUTPUT_CHARS} chars (not splitting a surrogate
     * pair) and appends {@code "\n[truncated N chars]"}. Null becomes "".
     */
    public static Capped capOutput(String output) {
        if (output == null) {
            return new Capped("", false);
        }
        if (output.length() <= MAX_OUTPUT_CHARS) {
            return new Capped(output, false);
        }
        int end = MAX_OUTPUT_CHARS;
        if (Character.isHighSurrogate(output.charAt(end - 1))) {
            end--;
        }
        return new Capped(output.substring(0, end) + "\n[truncated " + (output.length() - end) + " chars]", true);
    }

    @Override
    public String eventType() {
        return CloudEvents.ACTION_RESULT_V1;
    }

    @Override
    public Instant eventTime() {
        return finishedAt;
    }

    @Override
    public String kafkaKey() {
        return Long.toString(deviceId);
    }
}
