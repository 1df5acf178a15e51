package org.opmas.playbook.runs.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.playbook.config.PlaybookConfig;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Cancels approval requests nobody decided in time (reason "approval expired"), so runs never hang. */
@ApplicationScoped
public class ApprovalExpirySweep {

    private final ApprovalService approvals;
    private final PlaybookConfig config;

    public ApprovalExpirySweep(ApprovalService approvals, PlaybookConfig config) {
        this.approvals = approvals;
        this.config = config;
    }

    @Scheduled(identity = "playbook-approval-expiry", every = "${opmas.playbook.approval-sweep-interval:10s}",
            delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return approvals.expireApprovals(config.approvalSweepBatch())
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Cancelled %d approval request(s) that expired", count);
                    }
                })
                .onFailure().invoke(e -> Log.warnf(e, "Approval expiry sweep failed; retrying next round"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
