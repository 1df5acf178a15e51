package org.opmas.executor.ssh;

/**
 * What one SSH attempt came to.
 *
 * @param kind             how it ended
 * @param exitCode         the command's exit status, null if it did not finish
 * @param presentedHostKey the server's host key line when the handshake got that far
 * @param error            a message for operators; never secrets
 */
public record SshOutcome(Kind kind, Integer exitCode, CappedOutput.Captured stdout, CappedOutput.Captured stderr,
        String presentedHostKey, String error) {

    public enum Kind {
        /** The command ran to its end and reported an exit status. */
        COMPLETED(false),
        /** The step timeout expired; the channel was closed. */
        TIMED_OUT(false),
        /** Refused, reset, or no answer within the connect timeout: the command was not sent. */
        UNREACHABLE(true),
        /** The server's host key is not the pinned one: the command was not sent. */
        HOST_KEY_MISMATCH(false),
        /** No pinned key and trust-on-first-use is off: the command was not sent. */
        HOST_KEY_NOT_PINNED(false),
        /** The router refused our key. */
        AUTH_FAILED(false),
        /** The connection dropped after the command was sent: it may have run partly. */
        CONNECTION_LOST(false),
        /** Anything else before the command was sent (e.g. no common algorithm). */
        SSH_ERROR(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Safe to try again: nothing reached the router's shell. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    static SshOutcome failed(Kind kind, String presentedHostKey, String error) {
        return new SshOutcome(kind, null, CappedOutput.Captured.EMPTY, CappedOutput.Captured.EMPTY, presentedHostKey,
                error);
    }
}
