package org.opmas.finding.lifecycle.rest;

import jakarta.validation.constraints.Size;

/** Body of a lifecycle POST; both optional. {@code by} defaults to "anonymous" until auth arrives. */
public record TransitionRequest(@Size(max = 255) String by, @Size(max = 4096) String reason) {
}
