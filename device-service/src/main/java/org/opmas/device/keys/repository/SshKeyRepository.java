package org.opmas.device.keys.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.Paging;
import org.opmas.device.keys.SshKey;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SshKeyRepository implements PanacheRepositoryBase<SshKey, Integer> {

    public Uni<List<SshKey>> listForDevice(int deviceId, Boolean active, Paging paging) {
        return active == null
                ? find("deviceId = ?1", Sort.descending("id"), deviceId).page(paging.toPanache()).list()
                : find("deviceId = ?1 and isActive = ?2", Sort.descending("id"), deviceId, active)
                        .page(paging.toPanache()).list();
    }

    public Uni<Long> countForDevice(int deviceId, Boolean active) {
        return active == null ? count("deviceId = ?1", deviceId)
                : count("deviceId = ?1 and isActive = ?2", deviceId, active);
    }

    public Uni<SshKey> findForDevice(int deviceId, int keyId) {
        return find("id = ?1 and deviceId = ?2", keyId, deviceId).firstResult();
    }

    public Uni<SshKey> findActive(int deviceId) {
        return find("deviceId = ?1 and isActive = true", deviceId).firstResult();
    }

    public Uni<SshKey> findByFingerprint(int deviceId, String fingerprint) {
        return find("deviceId = ?1 and keyFingerprint = ?2", deviceId, fingerprint).firstResult();
    }

    /** Deactivates the device's active key other than {@code exceptKeyId} at once (before another becomes active). */
    public Uni<Integer> deactivateOthers(int deviceId, int exceptKeyId) {
        return update("isActive = false where deviceId = ?1 and isActive = true and id <> ?2", deviceId, exceptKeyId);
    }
}
