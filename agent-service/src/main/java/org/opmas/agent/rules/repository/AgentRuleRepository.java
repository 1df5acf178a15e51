package org.opmas.agent.rules.repository;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.opmas.agent.rules.AgentRule;

@ApplicationScoped
public class AgentRuleRepository implements PanacheRepositoryBase<AgentRule, Integer> {

    /** Rules of an agent in evaluation order: highest priority first, then oldest. */
    public PanacheQuery<AgentRule> ofAgent(int agentId, Boolean active, String ruleType) {
        StringBuilder query = new StringBuilder("agentId = :agentId");
        Parameters params = Parameters.with("agentId", agentId);
        if (active != null) {
            query.append(active ? " and (active = true or active is null)" : " and active = false");
        }
        if (ruleType != null) {
            query.append(" and ruleType = :ruleType");
            params = params.and("ruleType", ruleType);
        }
        return find(query.toString(), Sort.descending("priority").and("id"), params);
    }

    public Uni<AgentRule> findInAgent(int agentId, int ruleId) {
        return find("id = ?1 and agentId = ?2", ruleId, agentId).firstResult();
    }

    public Uni<Boolean> nameTaken(int agentId, String name, Integer exceptId) {
        return (exceptId == null
                ? count("agentId = ?1 and name = ?2", agentId, name)
                : count("agentId = ?1 and name = ?2 and id <> ?3", agentId, name, exceptId))
                .map(n -> n > 0);
    }
}
