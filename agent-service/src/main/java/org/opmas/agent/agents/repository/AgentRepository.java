package org.opmas.agent.agents.repository;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.opmas.agent.agents.Agent;
import org.opmas.common.rest.SortSpec;

@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, Integer> {

    /** Agents filtered by type and/or active flag (null = any). */
    public PanacheQuery<Agent> search(String type, Boolean active, SortSpec sort) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (type != null) {
            where.add("type = :type");
            params = params.and("type", type);
        }
        if (active != null) {
            where.add(active ? "(active = true or active is null)" : "active = false");
        }
        String query = where.isEmpty() ? "from Agent" : "from Agent where " + String.join(" and ", where);
        return find(query, sort.toPanache(), params);
    }

    public Uni<Agent> findByName(String name) {
        return find("name", name).firstResult();
    }
}
