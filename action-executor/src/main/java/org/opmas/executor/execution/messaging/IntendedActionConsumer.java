package org.opmas.executor.execution.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.executor.execution.repository.ActionQueueRepository;
import org.opmas.executor.execution.service.Dispatcher;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.IntendedActionEvent;
import org.opmas.schema.validation.EventValidationException;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.vertx.pgclient.PgException;

/**
 * Consumes {@code opmas.actions.intended}. A valid event is stored in the durable queue, then the
 * record is acked, then the action is handed to its device's lane: the partition moves on after
 * one insert, never waiting for a router, and an acked record cannot be lost (the queue row stays
 * until the outcome is recorded). Invalid events, and events for actions that do not exist, go
 * to {@code opmas.actions.intended.dlq} with the reason.
 */
@ApplicationScoped
public class IntendedActionConsumer {

    public static final String CHANNEL = "intended-actions";

    /** PostgreSQL foreign_key_violation: the action id is not in intended_actions. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final ActionQueueRepository queue;
    private final Dispatcher dispatcher;
    private final DeadLetterPublisher deadLetters;

    public IntendedActionConsumer(ActionQueueRepository queue, Dispatcher dispatcher, DeadLetterPublisher deadLetters) {
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecord<String, byte[]> record) {
        String ceType = header(record.getHeaders(), CloudEvents.TYPE);
        if (ceType == null || !CloudEvents.ACTION_INTENDED_V1.equals(ceType)) {
            return deadLetters.publishAndAck(record, DeadLetterReason.UNSUPPORTED_TYPE, ceType == null
                    ? "missing ce_type header (expected " + CloudEvents.ACTION_INTENDED_V1 + ")"
                    : "ce_type " + ceType + " does not belong on this topic (expected "
                            + CloudEvents.ACTION_INTENDED_V1 + ")", null);
        }
        byte[] value = record.getPayload() == null ? new byte[0] : record.getPayload();
        ValidationResult result = EventValidator.shared().validate(ceType, value);
        if (!result.isValid()) {
            EventValidationException failure = new EventValidationException(result);
            return deadLetters.publishAndAck(record, result.payload() == null ? DeadLetterReason.INVALID_JSON
                    : DeadLetterReason.SCHEMA_VIOLATION, failure.getMessage(), failure);
        }
        IntendedActionEvent event = EventJson.fromTree(result.payload(), IntendedActionEvent.class);
        return queue.enqueue(event)
                .onFailure(e -> !isForeignKeyViolation(e)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .chain(inserted -> Uni.createFrom().completionStage(record.ack()))
                .invoke(() -> dispatcher.submit(event))
                .onFailure().recoverWithUni(failure -> {
                    boolean unknown = isForeignKeyViolation(failure);
                    Log.warnf("Intended action %d (event %s) cannot be queued: %s", event.actionId(), event.id(),
                            failure.getMessage());
                    return deadLetters.publishAndAck(record,
                            unknown ? DeadLetterReason.UNPROCESSABLE : DeadLetterReason.PROCESSING_ERROR,
                            unknown ? "intended action " + event.actionId() + " does not exist"
                                    : "cannot queue intended action " + event.actionId() + ": " + failure.getMessage(),
                            failure);
                });
    }

    private static boolean isForeignKeyViolation(Throwable failure) {
        return failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
    }

    private static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
