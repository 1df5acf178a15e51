package org.opmas.finding.ingest.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.finding.finding.messaging.EventDecoder;
import org.opmas.finding.finding.messaging.EventDecoder.Decoded;
import org.opmas.finding.ingest.service.DetectionIngestService;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.events.DetectionEvent;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code opmas.findings.detected} in batches (one poll = one transaction, so a storm of
 * identical detections costs one row update per batch, not one per detection).
 *
 * <p>Invalid records go to {@code opmas.findings.detected.dlq} with the validator's reason. If a
 * batch transaction fails, it is retried briefly, then its records are applied one by one so a
 * single poisonous record (e.g. an unknown device, a foreign-key violation) is dead-lettered as
 * {@code unprocessable} and does not hold back the others or block the partition.
 */
@ApplicationScoped
public class DetectionConsumer {

    public static final String CHANNEL = "detections";

    private final DetectionIngestService ingest;
    private final DeadLetterPublisher deadLetters;

    public DetectionConsumer(DetectionIngestService ingest, DeadLetterPublisher deadLetters) {
        this.ingest = ingest;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> valid = new ArrayList<>();
        List<DetectionEvent> detections = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            Decoded<DetectionEvent> decoded = EventDecoder.decode(record.getHeaders(), record.getPayload(),
                    CloudEvents.FINDING_DETECTED_V1, DetectionEvent.class);
            if (decoded.ok()) {
                valid.add(record);
                detections.add(decoded.event());
            } else {
                rejected.add(deadLetters.publish(record, decoded.reasonClass(), decoded.reason(), decoded.failure()));
            }
        }
        Uni<Void> deadLettered = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andCollectFailures().replaceWithVoid();
        long started = System.nanoTime();
        return deadLettered
                .chain(() -> ingest.ingest(detections)
                        .invoke(r -> Log.debugf("Detection batch of %d: %s in %d ms", (Object) detections.size(), r,
                                (System.nanoTime() - started) / 1_000_000))
                        .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(3)
                        .replaceWithVoid()
                        .onFailure().recoverWithUni(failure -> oneByOne(valid, detections, failure)))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> oneByOne(List<KafkaRecord<String, byte[]>> records, List<DetectionEvent> detections,
            Throwable batchFailure) {
        Log.warnf(batchFailure, "Detection batch of %d failed; applying its records one by one", records.size());
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            indexes.add(i);
        }
        return Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(i -> ingest.ingest(List.of(detections.get(i)))
                        .replaceWithVoid()
                        .onFailure().recoverWithUni(failure -> deadLetters.publish(records.get(i),
                                DeadLetterReason.UNPROCESSABLE, "cannot apply detection " + detections.get(i).id()
                                        + ": " + rootMessage(failure), failure)))
                .collect().last().replaceWithVoid();
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
