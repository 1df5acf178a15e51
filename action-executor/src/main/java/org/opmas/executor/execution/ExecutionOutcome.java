package org.opmas.executor.execution;

import org.opmas.schema.events.ActionStatus;

/**
 * The final outcome of one action, before it is written.
 *
 * @param exitCode null when nothing finished (timeout, connection lost, not started)
 */
public record ExecutionOutcome(ActionStatus status, Integer exitCode, String stdout, String stderr,
        boolean stdoutTruncated, boolean stderrTruncated, int attempts, String error, boolean dryRun, String command) {

    public static ExecutionOutcome notRun(ActionStatus status, String error, boolean dryRun, String command) {
        return new ExecutionOutcome(status, null, "", "", false, false, 0, error, dryRun, command);
    }
}
