package org.opmas.playbook.playbooks;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/** One typed action of a playbook; {@code action_config} is validated by the renderer on save. */
@Entity
@Table(name = "playbook_steps")
public class PlaybookStep {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "playbook_id")
    public Integer playbookId;

    @Column(name = "step_number", nullable = false)
    public Integer stepNumber;

    public String name;

    @Column(name = "action_type", nullable = false, length = 50)
    public String actionType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "action_config", columnDefinition = "jsonb", nullable = false)
    public JsonNode actionConfig;

    @Column(name = "timeout_seconds")
    public Integer timeoutSeconds;

    @Column(name = "retry_count")
    public Integer retryCount;

    @Column(name = "continue_on_failure", nullable = false)
    public boolean continueOnFailure;

    @Column(name = "requires_approval", nullable = false)
    public boolean requiresApproval;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @PrePersist
    void beforeInsert() {
        createdAt = Instant.now();
        updatedAt = createdAt;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = Instant.now();
    }

    public int timeoutOrDefault() {
        return timeoutSeconds == null ? 30 : timeoutSeconds;
    }

    public int retriesOrDefault() {
        return retryCount == null ? 0 : retryCount;
    }
}
