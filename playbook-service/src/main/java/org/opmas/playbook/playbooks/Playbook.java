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

/** A playbook: when it applies (trigger), how carefully it runs (policy), and its ordered steps. */
@Entity
@Table(name = "playbooks")
public class Playbook {

    public static final String TRIGGER_FINDING = "finding";
    public static final String TRIGGER_MANUAL = "manual";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(nullable = false)
    public String name;

    @Column(columnDefinition = "text")
    public String description;

    @Column(name = "trigger_type", nullable = false, length = 50)
    public String triggerType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "trigger_conditions", columnDefinition = "jsonb")
    public JsonNode triggerConditions;

    @Column(name = "is_active")
    public Boolean isActive;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "policy", columnDefinition = "jsonb", nullable = false)
    public JsonNode policy;

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
        updatedAt = Instant.now(); // the database trigger sets it too; this keeps the response close
    }

    public boolean active() {
        return Boolean.TRUE.equals(isActive);
    }
}
