package org.opmas.agent.engine.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.config.EngineConfig;
import org.opmas.agent.engine.messaging.DeviceDirectory;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.schema.events.DetectionEvent;

/** Wires the plain-Java engine into CDI and Micrometer. */
public class EngineBeans {

    /** Records replayed to rebuild windows after partition assignments. */
    public static final LongAdder REPLAYED = new LongAdder();

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    RuleEngine ruleEngine(EngineConfig config, Clock clock, MeterRegistry registry) {
        RuleEngine engine = new RuleEngine(clock, config.maxKeysPerRule(), new RuleEngine.Listener() {
            @Override
            public void detected(CompiledRule rule, DetectionEvent detection) {
                Counter.builder("opmas.agent.detections").description("Detections published, by rule")
                        .tag("agent", rule.agentName()).tag("rule", rule.ruleName())
                        .tag("shadow", Boolean.toString(rule.shadow())).register(registry).increment();
            }

            @Override
            public void evicted(CompiledRule rule, String reason, int count) {
                Counter.builder("opmas.agent.state.evictions").description("Window keys evicted (expired, or overflow of the per-rule cap)")
                        .tag("rule", rule.ruleName()).tag("reason", reason).register(registry).increment(count);
            }
        });
        FunctionCounter.builder("opmas.agent.events.evaluated", engine.eventsEvaluated, LongAdder::sum)
                .description("Log events evaluated by the rule engine").register(registry);
        FunctionCounter.builder("opmas.agent.rule.evaluations", engine.ruleEvaluations, LongAdder::sum)
                .description("Rule evaluations (events x candidate rules)").register(registry);
        FunctionCounter.builder("opmas.agent.replayed.events", REPLAYED, LongAdder::sum)
                .description("Records replayed to rebuild windows after a partition assignment").register(registry);
        Gauge.builder("opmas.agent.state.keys", engine, RuleEngine::stateKeys)
                .description("Window state keys held (all rules)").register(registry);
        Gauge.builder("opmas.agent.rules.active", engine, e -> e.rules().size())
                .description("Rules the engine runs").register(registry);
        return engine;
    }

    @Produces
    @Singleton
    LogRecordProcessor processor(RuleEngine engine, DeviceDirectory devices) {
        return new LogRecordProcessor(engine, devices);
    }

    @Produces
    @Singleton
    PartitionReplayer replayer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, LogRecordProcessor processor,
            Clock clock, EngineConfig config) {
        return new PartitionReplayer(bootstrap, processor, clock, config.replaySlack(), config.replayTimeout());
    }
}
