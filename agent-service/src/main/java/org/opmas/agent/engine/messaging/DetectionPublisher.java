package org.opmas.agent.engine.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.opmas.common.messaging.EventMessages;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.validation.EventValidator;

/**
 * Sends detections to {@code opmas.findings.detected} (key = device id, CloudEvents headers,
 * ce_id = the deterministic detection id). Not through an outbox: a detection accompanies no
 * database change, and a lost send is retried by redelivery of the log record (acked only after).
 */
@ApplicationScoped
public class DetectionPublisher {

    public static final String CHANNEL = "detections";

    private final MutinyEmitter<String> emitter;
    private final EventMessages messages;

    public DetectionPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> emitter, EventMessages messages) {
        this.emitter = emitter;
        this.messages = messages;
    }

    /** Completes when the broker acknowledged every detection. */
    public Uni<Void> publish(List<DetectionEvent> detections) {
        if (detections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = detections.stream().map(d -> {
            EventValidator.shared().validate(d).orThrow();
            return emitter.sendMessage(messages.toMessage(d));
        }).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
