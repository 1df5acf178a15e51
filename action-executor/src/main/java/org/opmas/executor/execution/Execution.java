package org.opmas.executor.execution;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An intended action as the executor sees it (table {@code intended_actions}, owned by
 * playbook-service). Read-only as an entity: the executor writes only its execution columns, with
 * compare-and-set statements in {@link org.opmas.executor.execution.repository.ExecutionRepository}.
 */
@Entity
@Immutable
@Table(name = "intended_actions")
public class Execution {

    @Id
    public Integer id;

    @Column(name = "device_id")
    public Integer deviceId;

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "step_number")
    public Integer stepNumber;

    @Column(name = "playbook_id")
    public Integer playbookId;

    @Column(name = "finding_id")
    public Integer findingId;

    @Column(name = "action_type", length = 50)
    public String actionType;

    @Column(length = 20)
    public String status;

    @Column(name = "dry_run")
    public boolean dryRun;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "action_config", columnDefinition = "jsonb")
    public Map<String, Object> actionConfig;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> result;

    @Column(name = "scheduled_at")
    public Instant scheduledAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "executed_at")
    public Instant executedAt;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
