package org.opmas.finding.action.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.finding.action.service.ActionOutcomeService;
import org.opmas.finding.action.service.ActionOutcomeService.Outcome;
import org.opmas.finding.finding.messaging.EventDecoder;
import org.opmas.finding.finding.messaging.EventDecoder.Decoded;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.events.ActionResultEvent;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Consumes {@code opmas.actions.results}. Results without a finding id are acknowledged and
 * ignored (a playbook run not tied to a finding); results for a finding that does not exist are
 * dead-lettered as unprocessable; processing errors are retried, then dead-lettered.
 */
@ApplicationScoped
public class ActionResultConsumer {

    public static final String CHANNEL = "action-results";

    private final ActionOutcomeService outcomes;
    private final DeadLetterPublisher deadLetters;

    public ActionResultConsumer(ActionOutcomeService outcomes, DeadLetterPublisher deadLetters) {
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecord<String, byte[]> record) {
        Decoded<ActionResultEvent> decoded = EventDecoder.decode(record.getHeaders(), record.getPayload(),
                CloudEvents.ACTION_RESULT_V1, ActionResultEvent.class);
        if (!decoded.ok()) {
            return deadLetters.publishAndAck(record, decoded.reasonClass(), decoded.reason(), decoded.failure());
        }
        ActionResultEvent result = decoded.event();
        if (result.findingId() == null) {
            return Uni.createFrom().completionStage(record.ack());
        }
        return outcomes.apply(result)
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(3)
                .chain(outcome -> outcome == Outcome.UNKNOWN_FINDING
                        ? deadLetters.publishAndAck(record, DeadLetterReason.UNPROCESSABLE,
                                "finding " + result.findingId() + " does not exist", null)
                        : Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(failure -> deadLetters.publishAndAck(record,
                        DeadLetterReason.PROCESSING_ERROR, "cannot apply action result " + result.id() + ": "
                                + failure.getMessage(), failure));
    }
}
