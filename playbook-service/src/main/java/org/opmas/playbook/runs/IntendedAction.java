package org.opmas.playbook.runs;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of a run. playbook-service owns the planning columns; the execution columns
 * (executed_at, started_at, attempts, result) belong to action-executor and are read-only here
 * (the database role may not write them). Status changes are compare-and-set UPDATEs, never a
 * write-back of a loaded entity, because the executor changes status concurrently.
 */
@Entity
@Table(name = "intended_actions")
@DynamicUpdate
public class IntendedAction {

    public static final String PENDING = "pending";
    public static final String AWAITING_APPROVAL = "awaiting_approval";
    public static final String APPROVED = "approved";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timed_out";
    public static final String CANCELLED = "cancelled";
    public static final String SKIPPED = "skipped";
    public static final Set<String> FINAL = Set.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED);
    /** States an operator may cancel: not started yet. */
    public static final Set<String> CANCELLABLE = Set.of(PENDING, AWAITING_APPROVAL, APPROVED);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "finding_id")
    public Integer findingId;

    @Column(name = "finding_created_at")
    public Instant findingCreatedAt;

    @Column(name = "playbook_id")
    public Integer playbookId;

    @Column(length = 20)
    public String status;

    @Column(name = "action_type", nullable = false, length = 50)
    public String actionType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "action_config", columnDefinition = "jsonb", nullable = false)
    public JsonNode actionConfig;

    @Column(name = "scheduled_at")
    public Instant scheduledAt;

    @Column(name = "executed_at", insertable = false, updatable = false)
    public Instant executedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "result", columnDefinition = "jsonb", insertable = false, updatable = false)
    public JsonNode result;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "device_id")
    public Integer deviceId;

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "step_number")
    public Integer stepNumber;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    @Column(name = "started_at", insertable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "attempts", insertable = false, updatable = false)
    public Integer attempts;

    @Column(name = "timeout_seconds")
    public Integer timeoutSeconds;

    @Column(name = "retry_count")
    public Integer retryCount;

    @Column(name = "continue_on_failure", nullable = false)
    public boolean continueOnFailure;

    @Column(name = "requires_approval", nullable = false)
    public boolean requiresApproval;

    @Column(name = "approval_expires_at")
    public Instant approvalExpiresAt;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "rejected_by")
    public String rejectedBy;

    @Column(name = "rejected_at")
    public Instant rejectedAt;

    @Column(name = "decision_reason", columnDefinition = "text")
    public String decisionReason;

    @Column(name = "status_reason", columnDefinition = "text")
    public String statusReason;

    @PrePersist
    void beforeInsert() {
        if (createdAt == null) {
            createdAt = Instant.now();
        }
        updatedAt = createdAt;
    }
}
