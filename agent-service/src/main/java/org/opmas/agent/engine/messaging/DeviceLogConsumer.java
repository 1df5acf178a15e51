package org.opmas.agent.engine.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.agent.engine.service.LogRecordProcessor;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.schema.CloudEvents;

/**
 * The live consumer of {@code opmas.device.logs}: one record at a time per channel (ordered),
 * detections sent before the record is acked, rejected records dead-lettered with the reason and
 * acked so the partition never blocks. Window rebuilding on assignment is in
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
    public Uni<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        Header typeHeader = meta.getHeaders().lastHeader(CloudEvents.TYPE);
        String ceType = typeHeader == null || typeHeader.value() == null ? null
                : new String(typeHeader.value(), StandardCharsets.UTF_8);
        LogRecordProcessor.Outcome outcome;
        try {
            outcome = processor.process(meta.getTopic(), ceType, message.getPayload(), meta.getPartition(), true);
        } catch (RuntimeException e) {
            return deadLetters.publishAndAck(message, org.opmas.common.messaging.DeadLetterReason.PROCESSING_ERROR,
                    "rule evaluation failed: " + e, e);
        }
        if (outcome instanceof LogRecordProcessor.Rejected rejected) {
            return deadLetters.publishAndAck(message, rejected.reasonClass(), rejected.reason(), rejected.failure());
        }
        LogRecordProcessor.Evaluated evaluated = (LogRecordProcessor.Evaluated) outcome;
        return detections.publish(evaluated.detections())
                .onItemOrFailure().transformToUni((ok, failure) -> Uni.createFrom().completionStage(
                        failure == null ? message.ack() : message.nack(failure)));
    }
}
