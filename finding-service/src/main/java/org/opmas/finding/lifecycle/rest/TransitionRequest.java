package org.opmas.finding.lifecycle.rest;

import jakarta.validation.constraints.Size;

/** Body of a lifecycle POST, optional. Who made the change is the bearer token's subject, never a name in the body. */
public record TransitionRequest(@Size(max = 4096) String reason) {
}
