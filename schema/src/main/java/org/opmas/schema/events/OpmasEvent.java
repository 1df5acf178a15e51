package org.opmas.schema.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What every OPMAS event record offers a producer: the values of the ce_id, ce_type and ce_time
 * headers and the Kafka key. None of these methods is a JSON property.
 */
public interface OpmasEvent {

    /** Event id; the ce_id header carries the same value. */
    UUID id();

    /** The ce_type of this event (see {@link org.opmas.schema.CloudEvents}). */
    @JsonIgnore
    String eventType();

    /** The ce_time of this event: when the fact it reports happened. */
    @JsonIgnore
    Instant eventTime();

    /** The Kafka record key: the device id as a decimal string. */
    @JsonIgnore
    String kafkaKey();

    /** The topic this event is published to. */
    @JsonIgnore
    default String topic() {
        return org.opmas.schema.CloudEvents.type(eventType())
                .orElseThrow(() -> new IllegalStateException("unknown event type " + eventType()))
                .topic();
    }
}
