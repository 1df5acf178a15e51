package org.opmas.finding.lifecycle;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One lifecycle step of a finding: who moved it from what to what, when and why (audit trail). */
@Entity
@Table(name = "finding_transitions")
public class FindingTransition {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "finding_id", nullable = false)
    public Integer findingId;

    @Column(name = "finding_created_at", nullable = false)
    public Instant findingCreatedAt;

    @Column(name = "from_status", length = 20)
    public String fromStatus;

    @Column(name = "to_status", length = 20, nullable = false)
    public String toStatus;

    /** detected, acknowledge, resolve, false_positive, reopen, escalate, verification_started, ... */
    @Column(name = "transition", length = 30, nullable = false)
    public String transition;

    @Column(name = "actor", nullable = false)
    public String actor;

    @Column(name = "reason", columnDefinition = "text")
    public String reason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
