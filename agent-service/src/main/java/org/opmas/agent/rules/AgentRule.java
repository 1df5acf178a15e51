package org.opmas.agent.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A detection rule of an agent. Table {@code agent_rules}; {@code conditions}/{@code actions} are validated on write. */
@Entity
@Table(name = "agent_rules")
public class AgentRule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(name = "agent_id")
    public Integer agentId;

    @Column(nullable = false, length = 255)
    public String name;

    @Column(columnDefinition = "text")
    public String description;

    @Column(name = "rule_type", nullable = false, length = 50)
    public String ruleType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode conditions;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode actions;

    public Integer priority;

    @Column(name = "is_active")
    public Boolean active;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @PrePersist
    void onCreate() {
        createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        updatedAt = createdAt;
    }

    @PreUpdate
    void onUpdate() {
        updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
