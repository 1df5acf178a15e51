package org.opmas.playbook.playbooks.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.playbook.playbooks.Playbook;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PlaybookRepository implements PanacheRepositoryBase<Playbook, Integer> {

    /** List filters; null means "any". */
    public record Filter(String triggerType, Boolean active, String nameContains) {
    }

    public Uni<List<Playbook>> page(Filter filter, Paging paging, SortSpec sort) {
        Query q = where(filter);
        return find(q.text, sort.toPanache(), q.params).page(paging.toPanache()).list();
    }

    public Uni<Long> count(Filter filter) {
        Query q = where(filter);
        return count(q.text, q.params);
    }

    /** Active playbooks triggered by findings; a few dozen at most, matched in Java. */
    public Uni<List<Playbook>> activeFindingPlaybooks() {
        return list("triggerType = ?1 and isActive = true order by id", Playbook.TRIGGER_FINDING);
    }

    private record Query(String text, Map<String, Object> params) {
    }

    private static Query where(Filter filter) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.triggerType() != null) {
            clauses.add("triggerType = :triggerType");
            params.put("triggerType", filter.triggerType());
        }
        if (filter.active() != null) {
            clauses.add("isActive = :active");
            params.put("active", filter.active());
        }
        if (filter.nameContains() != null && !filter.nameContains().isBlank()) {
            clauses.add("lower(name) like :name");
            params.put("name", "%" + filter.nameContains().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return new Query(clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses), params);
    }
}
