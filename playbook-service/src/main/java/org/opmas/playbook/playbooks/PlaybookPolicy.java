package org.opmas.playbook.playbooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The policy of a playbook ({@code playbooks.policy}), with defaults for absent keys.
 *
 * @param requiresApproval          the run waits for an approval before its first step
 * @param dryRun                    every step is rendered and reported, never executed
 * @param cooldownSeconds           no new run of this playbook on the same device within this time
 * @param maxRunsPerDevicePerHour   at most this many runs per device in any hour (null: no limit)
 * @param approvalTtlSeconds        how long an approval request stays open (null: the
 *                                  {@code playbook.approval_ttl_seconds} setting)
 */
public record PlaybookPolicy(boolean requiresApproval, boolean dryRun, long cooldownSeconds,
        Integer maxRunsPerDevicePerHour, Long approvalTtlSeconds) {

    public static PlaybookPolicy of(JsonNode policy) {
        if (policy == null || !policy.isObject()) {
            return new PlaybookPolicy(false, false, 0, null, null);
        }
        return new PlaybookPolicy(
                policy.path("requires_approval").asBoolean(false),
                policy.path("dry_run").asBoolean(false),
                policy.path("cooldown_seconds").asLong(0),
                policy.hasNonNull("max_runs_per_device_per_hour") ? policy.get("max_runs_per_device_per_hour").asInt()
                        : null,
                policy.hasNonNull("approval_ttl_seconds") ? policy.get("approval_ttl_seconds").asLong() : null);
    }
}
