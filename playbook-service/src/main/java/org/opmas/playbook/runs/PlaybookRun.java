package org.opmas.playbook.runs;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One run of a playbook on one device. State machine: {@code running} / {@code awaiting_approval}
 * while steps remain, then {@code succeeded}, {@code failed} or {@code cancelled}; {@code skipped}
 * when a policy (cooldown, rate limit) or a render failure kept it from starting.
 */
@Entity
@Table(name = "playbook_runs")
@DynamicUpdate
public class PlaybookRun {

    public static final String RUNNING = "running";
    public static final String AWAITING_APPROVAL = "awaiting_approval";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String SKIPPED = "skipped";
    public static final Set<String> FINAL = Set.of(SUCCEEDED, FAILED, CANCELLED, SKIPPED);

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "playbook_id", nullable = false)
    public Integer playbookId;

    @Column(name = "device_id", nullable = false)
    public Integer deviceId;

    @Column(name = "finding_id")
    public Integer findingId;

    @Column(name = "finding_created_at")
    public Instant findingCreatedAt;

    @Column(nullable = false, length = 20)
    public String trigger;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(name = "status_reason", columnDefinition = "text")
    public String statusReason;

    @Column(name = "current_step")
    public Integer currentStep;

    @Column(name = "step_count", nullable = false)
    public int stepCount;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "requested_by")
    public String requestedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public JsonNode variables;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @PrePersist
    void beforeInsert() {
        if (createdAt == null) {
            createdAt = Instant.now();
        }
        updatedAt = createdAt;
    }

    public boolean isFinal() {
        return FINAL.contains(status);
    }
}
