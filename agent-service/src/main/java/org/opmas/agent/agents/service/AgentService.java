package org.opmas.agent.agents.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.opmas.agent.agents.Agent;
import org.opmas.agent.agents.repository.AgentRepository;
import org.opmas.agent.agents.rest.AgentRequest;
import org.opmas.agent.engine.service.RuleCatalogue;
import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.NotFoundProblem;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.tenant.TenantScope;

/**
 * Agents: CRUD with validation; every committed change tells the rule catalogue to reload. The
 * catalogue is shared by every tenant, so reads are open to all and writes need an all-tenants token.
 */
@ApplicationScoped
public class AgentService {

    public static final Map<String, String> SORTS = Map.of("id", "id", "name", "name", "type", "type",
            "created_at", "createdAt", "updated_at", "updatedAt");

    private final AgentRepository agents;
    private final RuleCatalogue catalogue;
    private final TenantScope tenantScope;

    public AgentService(AgentRepository agents, RuleCatalogue catalogue, TenantScope tenantScope) {
        this.agents = agents;
        this.catalogue = catalogue;
        this.tenantScope = tenantScope;
    }

    @WithSession
    public Uni<PageResponse<Agent>> list(String type, Boolean active, Paging paging, SortSpec sort) {
        var query = agents.search(type, active, sort);
        return query.page(paging.toPanache()).list()
                .flatMap(items -> query.count().map(total -> PageResponse.of(items, paging, total)));
    }

    @WithSession
    public Uni<Agent> get(int id) {
        return agents.findById(id).onItem().ifNull().failWith(() -> new NotFoundProblem("agent " + id + " does not exist"));
    }

    public Uni<Agent> create(AgentRequest request) {
        return tenantScope.requireAllTenants().chain(() -> {
            validate(request);
            return Panache.withTransaction(() -> agents.findByName(request.name()).flatMap(existing -> {
                if (existing != null) {
                    return Uni.createFrom().failure(new ConflictProblem("an agent named '" + request.name() + "' already exists", "name"));
                }
                Agent agent = new Agent();
                apply(agent, request);
                return agents.persist(agent);
            }));
        }).invoke(catalogue::changed);
    }

    public Uni<Agent> update(int id, AgentRequest request) {
        return tenantScope.requireAllTenants().chain(() -> {
            validate(request);
            return Panache.withTransaction(() -> agents.findById(id).onItem().ifNull()
                    .failWith(() -> new NotFoundProblem("agent " + id + " does not exist"))
                    .flatMap(agent -> agents.findByName(request.name()).flatMap(other -> {
                        if (other != null && !other.id.equals(id)) {
                            return Uni.createFrom().failure(new ConflictProblem("an agent named '" + request.name() + "' already exists", "name"));
                        }
                        apply(agent, request);
                        return agents.persist(agent);
                    })));
        }).invoke(catalogue::changed);
    }

    public Uni<Void> delete(int id) {
        return tenantScope.requireAllTenants().chain(() -> Panache.withTransaction(() -> agents.findById(id).onItem().ifNull()
                .failWith(() -> new NotFoundProblem("agent " + id + " does not exist"))
                .flatMap(agents::delete))).invoke(catalogue::changed);
    }

    private static void validate(AgentRequest request) {
        if (request.config() != null && !request.config().isObject() && !request.config().isNull()) {
            throw new BadRequestProblem("config must be a JSON object", "config", "must be an object");
        }
    }

    private static void apply(Agent agent, AgentRequest request) {
        agent.name = request.name();
        agent.type = request.type();
        agent.description = request.description();
        agent.active = request.isActive() == null || request.isActive();
        agent.config = request.config() == null || request.config().isNull() ? null : request.config();
    }
}
