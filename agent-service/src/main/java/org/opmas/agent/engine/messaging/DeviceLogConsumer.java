package org.opmas.agent.engine.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.opmas.agent.engine.service.LogRecordProcessor;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.events.DetectionEvent;

/**
 * The live consumer of {@code opmas.device.logs}, one poll's batch at a time (in partition order):
 * every record is evaluated, rejected ones are dead-lettered with the reason, and the batch is
 * acked only once its detections and dead letters are on the broker. Batches rather than single
 * messages because the per-message machinery of the channel (context propagation, an ack chain,
 * event-loop hops) cost more than evaluating a line; see docs/AGENT-SERVICE.md, "Throughput".
 * If a send still fails after the producer's retries, the batch is nacked and the channel's
 * dead-letter strategy keeps every record of it. Window rebuilding on assignment is in
 * {@link EngineRebalanceListener}.
 */
@ApplicationScoped
public class DeviceLogConsumer {

    public static final String CHANNEL = "device-logs";

    private final LogRecordProcessor processor;
    private final DetectionPublisher detections;
    private final DeadLetterPublisher deadLetters;

    public DeviceLogConsumer(LogRecordProcessor processor, DetectionPublisher detections, DeadLetterPublisher deadLetters) {
        this.processor = processor;
        this.detections = detections;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<byte[], byte[]> batch) {
        List<DetectionEvent> detected = new ArrayList<>();
        List<Uni<Void>> sends = new ArrayList<>();
        for (KafkaRecord<byte[], byte[]> record : batch) {
            Uni<Void> deadLetter = evaluate(record, detected);
            if (deadLetter != null) {
                sends.add(deadLetter);
            }
        }
        if (!detected.isEmpty()) {
            sends.add(detections.publish(detected));
        }
        Uni<Void> all = sends.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(sends).andCollectFailures().replaceWithVoid();
        return all.onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom().completionStage(
                failure == null ? batch.ack() : batch.nack(failure)));
    }

    /** Evaluates one record, adding its detections; returns its dead-letter send if it is rejected. */
    private Uni<Void> evaluate(KafkaRecord<byte[], byte[]> record, List<DetectionEvent> detected) {
        Header typeHeader = record.getHeaders().lastHeader(CloudEvents.TYPE);
        String ceType = typeHeader == null || typeHeader.value() == null ? null
                : new String(typeHeader.value(), StandardCharsets.UTF_8);
        LogRecordProcessor.Outcome outcome;
        try {
            outcome = processor.process(record.getTopic(), ceType, record.getPayload(), record.getPartition(), true);
        } catch (RuntimeException e) {
            return deadLetters.publish(record, DeadLetterReason.PROCESSING_ERROR, "rule evaluation failed: " + e, e);
        }
        if (outcome instanceof LogRecordProcessor.Rejected rejected) {
            return deadLetters.publish(record, rejected.reasonClass(), rejected.reason(), rejected.failure());
        }
        detected.addAll(((LogRecordProcessor.Evaluated) outcome).detections());
        return null;
    }
}
