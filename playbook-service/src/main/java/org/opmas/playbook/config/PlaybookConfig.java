package org.opmas.playbook.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Static settings of playbook-service; operator-tunable ones live in opmas_config (playbook.*). */
@ConfigMapping(prefix = "opmas.playbook")
public interface PlaybookConfig {

    /** Added to timeout x (retries + 1) for an action's deadline: queueing and connect time. */
    @WithDefault("60s")
    Duration deadlineMargin();

    /** Default approval lifetime when neither the playbook policy nor playbook.approval_ttl_seconds sets one. */
    @WithDefault("3600")
    long defaultApprovalTtlSeconds();

    /** How often expired approval requests are cancelled (read as ${opmas.playbook.approval-sweep-interval}). */
    @WithDefault("10s")
    Duration approvalSweepInterval();

    /** Approval requests expired per sweep transaction. */
    @WithDefault("100")
    int approvalSweepBatch();
}
