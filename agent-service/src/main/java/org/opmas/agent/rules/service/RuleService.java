package org.opmas.agent.rules.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.opmas.agent.agents.Agent;
import org.opmas.agent.agents.repository.AgentRepository;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.model.InvalidRuleException;
import org.opmas.agent.engine.model.RuleCompiler;
import org.opmas.agent.engine.model.RuleSpec;
import org.opmas.agent.engine.service.RuleCatalogue;
import org.opmas.agent.rules.AgentRule;
import org.opmas.agent.rules.repository.AgentRuleRepository;
import org.opmas.agent.rules.rest.RuleRequest;
import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.NotFoundProblem;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.tenant.TenantScope;

/**
 * Rules of an agent. A rule is compiled with the engine's own {@link RuleCompiler} before it is
 * stored, so the API never accepts a rule the engine would reject. Rules are shared by every tenant:
 * reads are open to all, writes need an all-tenants token.
 */
@ApplicationScoped
public class RuleService {

    private final AgentRepository agents;
    private final AgentRuleRepository rules;
    private final RuleCatalogue catalogue;
    private final TenantScope tenantScope;

    public RuleService(AgentRepository agents, AgentRuleRepository rules, RuleCatalogue catalogue, TenantScope tenantScope) {
        this.agents = agents;
        this.rules = rules;
        this.catalogue = catalogue;
        this.tenantScope = tenantScope;
    }

    /** Compiles a rule definition or throws a 400 naming every bad JSON path. */
    public static CompiledRule compile(RuleRequest request, long ruleId, long agentId, String agentName) {
        try {
            return RuleCompiler.compile(new RuleSpec(ruleId, request.name(), agentId, agentName,
                    request.priority() == null ? 0 : request.priority(), request.ruleType(), request.conditions(),
                    request.actions(), "unsaved"));
        } catch (InvalidRuleException e) {
            throw new BadRequestProblem("The rule is invalid: " + e.getMessage(), e.errors());
        }
    }

    @WithSession
    public Uni<PageResponse<AgentRule>> list(int agentId, Boolean active, String ruleType, Paging paging) {
        return agent(agentId).flatMap(agent -> {
            var query = rules.ofAgent(agentId, active, ruleType);
            return query.page(paging.toPanache()).list()
                    .flatMap(items -> query.count().map(total -> PageResponse.of(items, paging, total)));
        });
    }

    @WithSession
    public Uni<AgentRule> get(int agentId, int ruleId) {
        return agent(agentId).flatMap(agent -> rule(agentId, ruleId));
    }

    public Uni<AgentRule> create(int agentId, RuleRequest request) {
        return tenantScope.requireAllTenants().chain(() -> Panache.withTransaction(() -> agent(agentId).flatMap(agent -> {
            compile(request, 0, agent.id, agent.name);
            return rules.nameTaken(agentId, request.name(), null).flatMap(taken -> {
                if (taken) {
                    return Uni.createFrom().failure(duplicate(agent, request));
                }
                AgentRule rule = new AgentRule();
                rule.agentId = agentId;
                apply(rule, request);
                return rules.persist(rule);
            });
        }))).invoke(catalogue::changed);
    }

    public Uni<AgentRule> update(int agentId, int ruleId, RuleRequest request) {
        return tenantScope.requireAllTenants().chain(() -> Panache.withTransaction(() -> agent(agentId).flatMap(agent -> {
            compile(request, ruleId, agent.id, agent.name);
            return rule(agentId, ruleId).flatMap(rule -> rules.nameTaken(agentId, request.name(), ruleId).flatMap(taken -> {
                if (taken) {
                    return Uni.createFrom().failure(duplicate(agent, request));
                }
                apply(rule, request);
                return rules.persist(rule);
            }));
        }))).invoke(catalogue::changed);
    }

    public Uni<Void> delete(int agentId, int ruleId) {
        return tenantScope.requireAllTenants()
                .chain(() -> Panache.withTransaction(() -> rule(agentId, ruleId).flatMap(rules::delete)))
                .invoke(catalogue::changed);
    }

    private Uni<Agent> agent(int agentId) {
        return agents.findById(agentId).onItem().ifNull().failWith(() -> new NotFoundProblem("agent " + agentId + " does not exist"));
    }

    private Uni<AgentRule> rule(int agentId, int ruleId) {
        return rules.findInAgent(agentId, ruleId).onItem().ifNull()
                .failWith(() -> new NotFoundProblem("rule " + ruleId + " of agent " + agentId + " does not exist"));
    }

    private static ConflictProblem duplicate(Agent agent, RuleRequest request) {
        return new ConflictProblem("agent '" + agent.name + "' already has a rule named '" + request.name() + "'", "name");
    }

    private static void apply(AgentRule rule, RuleRequest request) {
        rule.name = request.name();
        rule.description = request.description();
        rule.ruleType = request.ruleType();
        rule.conditions = request.conditions();
        rule.actions = request.actions();
        rule.priority = request.priority() == null ? 0 : request.priority();
        rule.active = request.isActive() == null || request.isActive();
    }
}
