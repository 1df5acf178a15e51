package org.opmas.common.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.opmas.schema.events.OpmasEvent;

/**
 * {@link KafkaCloudEvents} with this service's configured {@code ce_source}, for events sent
 * straight to Kafka (not through the outbox).
 */
@ApplicationScoped
public class EventMessages {

    private final EventsConfig config;

    public EventMessages(EventsConfig config) {
        this.config = config;
    }

    public String source() {
        return config.source();
    }

    /** A new event's attributes (random id, now) from this service. */
    public CloudEventAttributes newAttributes(String type) {
        return CloudEventAttributes.newEvent(type, config.source());
    }

    /** The event as JSON text on its topic, keyed by device, ce_* headers from the event. */
    public Message<String> toMessage(OpmasEvent event) {
        return KafkaCloudEvents.message(event, config.source());
    }

    public <T> Message<T> toMessage(T payload, String topic, String key, String type) {
        return KafkaCloudEvents.message(payload, topic, key, newAttributes(type));
    }
}
