package org.opmas.device.keys.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.crypto.SecretCipher;
import org.opmas.common.crypto.SecretDecryptionException;
import org.opmas.device.keys.SshKey;
import org.opmas.device.keys.config.SshKeyCipher;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Re-seals every stored SSH private key under the active master key, the step of a master-key
 * rotation between "add the new key id and make it active" and "remove the old key id"
 * (docs/DEVICE-SERVICE.md, "Rotating the master key").
 *
 * <p>Batches of {@code batchSize} rows in ascending id order, each in its own transaction with the
 * rows locked ({@code FOR UPDATE SKIP LOCKED}: two runs at once, or two replicas, share the work
 * instead of re-sealing a row twice). The update is conditional on the value still being the one
 * read, so a key rotated by an operator meanwhile is left alone. Idempotent: rows already under
 * the active key are only counted. A row that does not open (its key id is no longer configured,
 * or the value is damaged) is reported by row, device and key id and left as it is; the run goes
 * on with the others. Nothing is logged but ids and counts.
 */
@ApplicationScoped
public class MasterKeyRotation {

    static final String PENDING_BATCH = "SELECT id, device_id, encrypted_key FROM ssh_keys"
            + " WHERE id > $1 AND split_part(encrypted_key, ':', 2) <> $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED";
    static final String RESEAL = "UPDATE ssh_keys SET encrypted_key = $1 WHERE id = $2 AND encrypted_key = $3";
    static final String COUNT_ACTIVE = "SELECT count(*) FILTER (WHERE split_part(encrypted_key, ':', 2) = $1) AS current,"
            + " count(*) AS total FROM ssh_keys";

    /** One row that could not be re-sealed. */
    public record Failure(int sshKeyId, Integer deviceId, String masterKeyId, String reason) {
    }

    /** What a run did. {@code alreadyCurrent} counts rows under the active key when the run started. */
    public record Report(String activeKeyId, long total, long alreadyCurrent, int reencrypted, List<Failure> failures) {
    }

    private final Pool pool;
    private final SshKeyCipher cipher;

    public MasterKeyRotation(Pool pool, SshKeyCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /** With the service's configured master keys. */
    public Uni<Report> reencryptAll(int batchSize) {
        return reencryptAll(cipher.cipher(), batchSize);
    }

    /** With the given cipher (its active key is the target); tests and tools. */
    public Uni<Report> reencryptAll(SecretCipher with, int batchSize) {
        if (batchSize < 1) {
            return Uni.createFrom().failure(new IllegalArgumentException("batch size must be at least 1"));
        }
        String active = with.activeKeyId();
        Log.infof("Re-sealing SSH keys under master key '%s' (batches of %d)", active, batchSize);
        return pool.preparedQuery(COUNT_ACTIVE).execute(Tuple.of(active)).chain(counts -> {
            Row row = counts.iterator().next();
            Progress progress = new Progress(active, row.getLong("total"), row.getLong("current"));
            return nextBatch(with, batchSize, progress);
        });
    }

    private Uni<Report> nextBatch(SecretCipher with, int batchSize, Progress progress) {
        return pool.withTransaction(connection -> batch(connection, with, batchSize, progress))
                .chain(rows -> {
                    if (rows < batchSize) {
                        Report report = progress.report();
                        Log.infof("SSH keys re-sealed under master key '%s': %d re-encrypted, %d already current, "
                                + "%d failed", report.activeKeyId(), report.reencrypted(), report.alreadyCurrent(),
                                report.failures().size());
                        return Uni.createFrom().item(report);
                    }
                    return nextBatch(with, batchSize, progress);
                });
    }

    /** Re-seals one batch in the caller's transaction; how many rows it read. */
    private Uni<Integer> batch(SqlConnection connection, SecretCipher with, int batchSize, Progress progress) {
        return connection.preparedQuery(PENDING_BATCH)
                .execute(Tuple.of(progress.lastId, progress.activeKeyId, batchSize))
                .chain(rows -> {
                    List<Tuple> updates = new ArrayList<>();
                    int read = 0;
                    for (Row row : rows) {
                        read++;
                        int id = row.getInteger("id");
                        Integer deviceId = row.getInteger("device_id");
                        String sealed = row.getString("encrypted_key");
                        progress.lastId = Math.max(progress.lastId, id);
                        try {
                            String resealed = with.reseal(sealed, SshKey.associatedData(deviceId == null ? 0 : deviceId));
                            updates.add(Tuple.of(resealed, id, sealed));
                        } catch (SecretDecryptionException e) {
                            progress.failures.add(new Failure(id, deviceId, e.keyId(), e.getMessage()));
                            Log.warnf("SSH key %d (device %s) not re-sealed: %s", id, deviceId, e.getMessage());
                        }
                    }
                    int count = read;
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(count);
                    }
                    return connection.preparedQuery(RESEAL).executeBatch(updates).map(result -> {
                        for (var r = result; r != null; r = r.next()) {
                            progress.reencrypted += r.rowCount();
                        }
                        return count;
                    });
                });
    }

    private static final class Progress {
        final String activeKeyId;
        final long total;
        final long alreadyCurrent;
        final List<Failure> failures = new ArrayList<>();
        int lastId;
        int reencrypted;

        Progress(String activeKeyId, long total, long alreadyCurrent) {
            this.activeKeyId = activeKeyId;
            this.total = total;
            this.alreadyCurrent = alreadyCurrent;
        }

        Report report() {
            return new Report(activeKeyId, total, alreadyCurrent, reencrypted, List.copyOf(failures));
        }
    }
}
