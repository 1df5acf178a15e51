package org.opmas.agent.agents;

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

/** An agent: a named group of rules (wifi, security, ...). Table {@code agents}. */
@Entity
@Table(name = "agents")
public class Agent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @Column(nullable = false, length = 255)
    public String name;

    @Column(nullable = false, length = 50)
    public String type;

    @Column(columnDefinition = "text")
    public String description;

    @Column(name = "is_active")
    public Boolean active;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode config;

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
        // the table's trigger sets the same; this keeps the returned entity accurate
        updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public boolean isActive() {
        return active == null || active;
    }
}
