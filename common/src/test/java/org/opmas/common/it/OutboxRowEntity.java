package org.opmas.common.it;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Hibernate Reactive starts only with an entity; the outbox itself needs none. */
@Entity
@Table(name = "device_outbox")
public class OutboxRowEntity extends PanacheEntityBase {

    @Id
    public Long id;
}
