package org.opmas.devkit.simulator;

/** Exit status and output of a command run by {@link RouterShell} outside SSH (for tests). */
public record CommandResult(int exitCode, String stdout, String stderr) {
}
