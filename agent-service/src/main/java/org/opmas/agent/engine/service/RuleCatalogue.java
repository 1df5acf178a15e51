package org.opmas.agent.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.config.EngineConfig;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.model.InvalidRuleException;
import org.opmas.agent.engine.model.RuleCompiler;
import org.opmas.agent.engine.model.RuleSpec;
import org.opmas.schema.EventJson;

/**
 * Keeps the engine's rule set equal to the active rules of active agents. A write through this
 * instance's API reloads at once ({@link #changed}); changes made through another replica are
 * picked up by a cheap version query every {@code refresh-interval} (1 s), so every instance runs
 * the new rules within 2 s.
 */
@ApplicationScoped
public class RuleCatalogue {

    static final String VERSION_SQL = """
            SELECT (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(id), 0) FROM agent_rules)
                || '|' || (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') || ':' || coalesce(sum(id), 0) FROM agents) AS v""";

    static final String RULES_SQL = """
            SELECT r.id, r.name, r.rule_type, r.conditions::text AS conditions, r.actions::text AS actions,
                   coalesce(r.priority, 0) AS priority, r.updated_at::text AS rule_version,
                   a.id AS agent_id, a.name AS agent_name, a.updated_at::text AS agent_version
            FROM agent_rules r JOIN agents a ON a.id = r.agent_id
            WHERE coalesce(r.is_active, true) AND coalesce(a.is_active, true)""";

    private final Pool pool;
    private final RuleEngine engine;
    private final EngineConfig config;
    private final Vertx vertx;
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile String version;
    private volatile int invalidRules;
    private volatile long timer = -1;

    public RuleCatalogue(Pool pool, RuleEngine engine, EngineConfig config, Vertx vertx) {
        this.pool = pool;
        this.engine = engine;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), id -> refresh(false));
        refresh(true);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A rule or agent changed through this instance: reload now. */
    public void changed() {
        refresh(true);
    }

    public boolean awaitLoaded(Duration timeout) {
        try {
            return firstLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int invalidRules() {
        return invalidRules;
    }

    /** The rules currently running. */
    public List<CompiledRule> rules() {
        return engine.rules();
    }

    private void refresh(boolean force) {
        if (!running.compareAndSet(false, true)) {
            if (force) {
                again.set(true);
            }
            return;
        }
        pool.query(VERSION_SQL).execute()
                .map(rows -> rows.iterator().next().getString("v"))
                .flatMap(v -> !force && v.equals(version) ? Uni.createFrom().voidItem() : load(v))
                .subscribe().with(ignored -> done(), failure -> {
                    Log.warnf("Rule refresh failed (will retry): %s", failure.toString());
                    done();
                });
    }

    private void done() {
        running.set(false);
        if (again.getAndSet(false)) {
            refresh(true);
        }
    }

    private Uni<Void> load(String newVersion) {
        return pool.query(RULES_SQL).execute().map(rows -> {
            List<CompiledRule> compiled = new ArrayList<>();
            int invalid = 0;
            for (Row row : rows) {
                RuleSpec spec = new RuleSpec(row.getInteger("id"), row.getString("name"), row.getInteger("agent_id"),
                        row.getString("agent_name"), row.getInteger("priority"), row.getString("rule_type"),
                        json(row.getString("conditions")), json(row.getString("actions")),
                        row.getString("rule_version") + "/" + row.getString("agent_version"));
                try {
                    compiled.add(RuleCompiler.compile(spec));
                } catch (InvalidRuleException e) {
                    // only rows written around the API (plain SQL) can get here
                    invalid++;
                    Log.errorf("Rule %d '%s' of agent '%s' is invalid and does not run: %s", spec.ruleId(), spec.ruleName(),
                            spec.agentName(), e.getMessage());
                }
            }
            engine.load(compiled);
            invalidRules = invalid;
            if (!newVersion.equals(version)) {
                Log.infof("Loaded %d active rules (%d invalid)", compiled.size(), invalid);
            }
            version = newVersion;
            firstLoad.countDown();
            return null;
        });
    }

    private static JsonNode json(String text) {
        return text == null ? null : EventJson.fromJson(text, JsonNode.class);
    }
}
