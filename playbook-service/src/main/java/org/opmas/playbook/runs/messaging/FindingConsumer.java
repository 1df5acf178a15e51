package org.opmas.playbook.runs.messaging;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.common.messaging.CloudEventAttributes;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.playbook.runs.service.RunPlanner;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

import io.smallrye.mutiny.Uni;

/** opmas.findings: validate, then plan runs; anything unusable goes to opmas.findings.dlq with the reason. */
@ApplicationScoped
public class FindingConsumer {

    static final Set<String> TYPES = Set.of(CloudEvents.FINDING_CREATED_V1, CloudEvents.FINDING_UPDATED_V1,
            CloudEvents.FINDING_RESOLVED_V1, CloudEvents.FINDING_STATUS_CHANGED_V1);

    private final RunPlanner planner;
    private final DeadLetterPublisher deadLetters;

    public FindingConsumer(RunPlanner planner, DeadLetterPublisher deadLetters) {
        this.planner = planner;
        this.deadLetters = deadLetters;
    }

    @Incoming("findings")
    public Uni<Void> consume(Message<byte[]> message) {
        String type = CloudEventAttributes.fromMessage(message).type();
        if (type == null || !TYPES.contains(type)) {
            return deadLetters.publishAndAck(message, DeadLetterReason.UNSUPPORTED_TYPE,
                    "ce_type '" + type + "' is not a finding event type " + TYPES, null);
        }
        ValidationResult result = EventValidator.shared().validate(type, message.getPayload());
        if (!result.isValid()) {
            return deadLetters.publishAndAck(message, DeadLetterReason.SCHEMA_VIOLATION, result.summary(4000), null);
        }
        FindingEvent event = EventJson.fromTree(result.payload(), FindingEvent.class);
        return Uni.createFrom().deferred(() -> planner.onFinding(event))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onItemOrFailure().transformToUni((planned, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : deadLetters.publishAndAck(message, DeadLetterReason.PROCESSING_ERROR,
                                "planning failed: " + failure, failure));
    }
}
