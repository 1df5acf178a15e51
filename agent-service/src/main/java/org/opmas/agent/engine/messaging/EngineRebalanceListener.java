package org.opmas.agent.engine.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.config.EngineConfig;
import org.opmas.agent.engine.service.EngineBeans;
import org.opmas.agent.engine.service.PartitionReplayer;
import org.opmas.agent.engine.service.RuleCatalogue;

/**
 * Makes windows survive restarts and rebalances. On assignment (on the consumer's polling thread,
 * before any record of the partition is delivered) it waits for the rules and the device
 * directory, then pins the group's start where it has none and replays each new partition up to the
 * position the group consumer resumes from ({@link PartitionReplayer#rebuildAssigned}).
 * On revocation the partition's state is dropped: its new owner rebuilds it the same way.
 */
@ApplicationScoped
@Identifier("agent-engine-rebalance")
public class EngineRebalanceListener implements KafkaConsumerRebalanceListener {

    private final RuleEngine engine;
    private final RuleCatalogue catalogue;
    private final DeviceDirectory devices;
    private final PartitionReplayer replayer;
    private final EngineConfig config;

    public EngineRebalanceListener(RuleEngine engine, RuleCatalogue catalogue, DeviceDirectory devices,
            PartitionReplayer replayer, EngineConfig config) {
        this.engine = engine;
        this.catalogue = catalogue;
        this.devices = devices;
        this.replayer = replayer;
        this.config = config;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        if (!catalogue.awaitLoaded(config.startupWait())) {
            Log.warn("Rules not loaded yet; rebuilding windows with the rules known so far");
        }
        if (!devices.awaitCaughtUp(config.startupWait())) {
            Log.warn("Device directory not caught up; unresolvable lines may be dead-lettered");
        }
        EngineBeans.REPLAYED.add(replayer.rebuildAssigned(consumer, partitions));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.dropShards(partitions.stream().map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}
