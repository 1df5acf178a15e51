package org.opmas.devkit.simulator;

import java.time.Instant;

/** One exec request as the simulated router received it: the raw command text, who sent it, when. */
public record ReceivedCommand(String command, String user, Instant receivedAt) {
}
