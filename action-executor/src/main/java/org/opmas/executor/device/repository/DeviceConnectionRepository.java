package org.opmas.executor.device.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.executor.device.DeviceConnection;
import org.opmas.schema.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads devices and ssh_keys (device-service's tables, read only) and device_host_keys (ours). */
@ApplicationScoped
public class DeviceConnectionRepository {

    private static final String LOAD = "SELECT d.id, host(d.ip_address) AS ip, d.status, d.config::text AS config,"
            + " k.encrypted_key, k.key_fingerprint, hk.host_key AS recorded_host_key"
            + " FROM devices d"
            + " LEFT JOIN LATERAL (SELECT encrypted_key, key_fingerprint FROM ssh_keys"
            + "   WHERE device_id = d.id AND is_active ORDER BY created_at DESC, id DESC LIMIT 1) k ON true"
            + " LEFT JOIN device_host_keys hk ON hk.device_id = d.id"
            + " WHERE d.id = $1";

    private static final String RECORD_HOST_KEY = "INSERT INTO device_host_keys (device_id, host_key) VALUES ($1, $2)"
            + " ON CONFLICT (device_id) DO NOTHING";

    private final Pool pool;

    public DeviceConnectionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<DeviceConnection>> load(long deviceId) {
        return pool.preparedQuery(LOAD).execute(Tuple.of((int) deviceId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(toConnection(rows.iterator().next())));
    }

    /** Pins a host key first seen under trust-on-first-use; a pin recorded meanwhile stays. */
    public Uni<Boolean> recordHostKey(long deviceId, String hostKeyLine) {
        return pool.preparedQuery(RECORD_HOST_KEY).execute(Tuple.of((int) deviceId, hostKeyLine))
                .map(rows -> rows.rowCount() == 1);
    }

    private static DeviceConnection toConnection(Row row) {
        String config = row.getString("config");
        try {
            return new DeviceConnection(row.getInteger("id"), row.getString("ip"), row.getString("status"),
                    config == null ? null : EventJson.mapper().readTree(config), row.getString("encrypted_key"),
                    row.getString("key_fingerprint"), row.getString("recorded_host_key"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("devices.config of device " + row.getInteger("id") + " is not JSON", e);
        }
    }
}
