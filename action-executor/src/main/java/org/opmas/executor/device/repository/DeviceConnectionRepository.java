package org.opmas.executor.device.repository;

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

    /**
     * What connecting to a device needs, for a query that joins {@code devices d} (the executor reads
     * it in the same statement as its claim): address, status, config, newest active key and the
     * recorded host-key pin. Read with {@link #connection(Row)}.
     */
    public static final String CONNECTION_COLUMNS = "d.id AS device_row_id, host(d.ip_address) AS ip,"
            + " d.status AS device_status, d.config::text AS device_config,"
            + " k.encrypted_key, k.key_fingerprint, hk.host_key AS recorded_host_key";

    /** The joins {@link #CONNECTION_COLUMNS} reads from, after a {@code devices d}. */
    public static final String CONNECTION_JOINS = " LEFT JOIN LATERAL (SELECT encrypted_key, key_fingerprint FROM ssh_keys"
            + "   WHERE device_id = d.id AND is_active ORDER BY created_at DESC, id DESC LIMIT 1) k ON true"
            + " LEFT JOIN device_host_keys hk ON hk.device_id = d.id";

    private static final String RECORD_HOST_KEY = "INSERT INTO device_host_keys (device_id, host_key) VALUES ($1, $2)"
            + " ON CONFLICT (device_id) DO NOTHING";

    private final Pool pool;

    public DeviceConnectionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Pins a host key first seen under trust-on-first-use; a pin recorded meanwhile stays. */
    public Uni<Boolean> recordHostKey(long deviceId, String hostKeyLine) {
        return pool.preparedQuery(RECORD_HOST_KEY).execute(Tuple.of((int) deviceId, hostKeyLine))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The device of a row that selected {@link #CONNECTION_COLUMNS}; null when no device row joined. */
    public static DeviceConnection connection(Row row) {
        Integer id = row.getInteger("device_row_id");
        if (id == null) {
            return null;
        }
        String config = row.getString("device_config");
        try {
            return new DeviceConnection(id, row.getString("ip"), row.getString("device_status"),
                    config == null ? null : EventJson.mapper().readTree(config), row.getString("encrypted_key"),
                    row.getString("key_fingerprint"), row.getString("recorded_host_key"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("devices.config of device " + id + " is not JSON", e);
        }
    }
}
