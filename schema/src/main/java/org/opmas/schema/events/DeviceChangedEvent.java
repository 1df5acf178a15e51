package org.opmas.schema.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.opmas.schema.CloudEvents;

/**
 * A device was created/changed or deleted — topic {@code opmas.devices} (compacted), ce_type
 * {@code org.opmas.device.upserted.v1} or {@code org.opmas.device.deleted.v1}, schema
 * {@code schemas/device-changed.v1.schema.json}.
 *
 * @param id         event id (= ce_id)
 * @param type       upserted or deleted
 * @param deviceId   the device's id (= the key)
 * @param occurredAt when the change was committed
 * @param device     the device after the change; null on delete
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeviceChangedEvent(
        UUID id,
        Type type,
        long deviceId,
        Instant occurredAt,
        Device device) implements OpmasEvent {

    /** Kind of change. */
    public enum Type {
        @JsonProperty("upserted")
        UPSERTED,
        @JsonProperty("deleted")
        DELETED
    }

    /**
     * A device as published. {@code config} never holds secrets (SSH keys live in ssh_keys and are
     * never published).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Device(
            long id,
            String hostname,
            String ipAddress,
            String model,
            String firmwareVersion,
            DeviceStatus status,
            JsonNode config,
            Instant lastSeenAt,
            Instant createdAt,
            Instant updatedAt) {

        public Device {
            config = Nodes.orNull(config);
        }
    }

    /** An upsert event with a fresh id. */
    public static DeviceChangedEvent upserted(Device device, Instant occurredAt) {
        return new DeviceChangedEvent(EventIds.random(), Type.UPSERTED, device.id(), occurredAt, device);
    }

    /** A delete event with a fresh id. */
    public static DeviceChangedEvent deleted(long deviceId, Instant occurredAt) {
        return new DeviceChangedEvent(EventIds.random(), Type.DELETED, deviceId, occurredAt, null);
    }

    @Override
    public String eventType() {
        return type == Type.DELETED ? CloudEvents.DEVICE_DELETED_V1 : CloudEvents.DEVICE_UPSERTED_V1;
    }

    @Override
    public Instant eventTime() {
        return occurredAt;
    }

    @Override
    public String kafkaKey() {
        return Long.toString(deviceId);
    }
}
