package org.opmas.finding.lifecycle.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.finding.lifecycle.FindingTransition;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class FindingTransitionRepository implements PanacheRepository<FindingTransition> {

    public Uni<List<FindingTransition>> history(long findingId, Instant findingCreatedAt) {
        return list("findingId = ?1 and findingCreatedAt = ?2 order by id", (int) findingId, findingCreatedAt);
    }
}
