package org.opmas.playbook.runs.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.common.messaging.CloudEventAttributes;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.playbook.runs.service.RunSequencer;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

import io.smallrye.mutiny.Uni;

/** opmas.actions.results: validate, then advance the run; invalid records go to opmas.actions.results.dlq. */
@ApplicationScoped
public class ActionResultConsumer {

    private final RunSequencer sequencer;
    private final DeadLetterPublisher deadLetters;

    public ActionResultConsumer(RunSequencer sequencer, DeadLetterPublisher deadLetters) {
        this.sequencer = sequencer;
        this.deadLetters = deadLetters;
    }

    @Incoming("action-results")
    public Uni<Void> consume(Message<byte[]> message) {
        String type = CloudEventAttributes.fromMessage(message).type();
        if (!CloudEvents.ACTION_RESULT_V1.equals(type)) {
            return deadLetters.publishAndAck(message, DeadLetterReason.UNSUPPORTED_TYPE,
                    "ce_type '" + type + "' is not " + CloudEvents.ACTION_RESULT_V1, null);
        }
        ValidationResult result = EventValidator.shared().validate(type, message.getPayload());
        if (!result.isValid()) {
            return deadLetters.publishAndAck(message, DeadLetterReason.SCHEMA_VIOLATION, result.summary(4000), null);
        }
        ActionResultEvent event = EventJson.fromTree(result.payload(), ActionResultEvent.class);
        return Uni.createFrom().deferred(() -> sequencer.onResult(event))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onItemOrFailure().transformToUni((moved, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : deadLetters.publishAndAck(message, DeadLetterReason.PROCESSING_ERROR,
                                "sequencing failed: " + failure, failure));
    }
}
