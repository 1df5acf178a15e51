package org.opmas.device.inventory.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.device.inventory.Device;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, Integer> {

    /** Client sort names to entity properties; the allow-list of the list endpoint. */
    public static final Map<String, String> SORTABLE = sortable();

    public static final SortSpec DEFAULT_SORT = SortSpec.ascending("hostname", "hostname");

    /** Filters of the device list; null fields do not filter. */
    public record Filter(String status, String model, String search, Instant lastSeenBefore, Instant lastSeenAfter,
            String tenant) {
    }

    public Uni<List<Device>> search(Filter filter, SortSpec sort, Paging paging) {
        Query query = where(filter);
        // Never-seen devices (null last_seen_at) come last in either direction; id breaks ties so
        // that pages never overlap or skip rows with equal sort values.
        Sort order = Sort.by(sort.property(), sort.ascending() ? Sort.Direction.Ascending : Sort.Direction.Descending,
                Sort.NullPrecedence.NULLS_LAST).and("id");
        return find(query.hql, order, query.parameters).page(paging.toPanache()).list();
    }

    public Uni<Long> count(Filter filter) {
        Query query = where(filter);
        return count(query.hql, query.parameters);
    }

    /** Deletes with one statement, so a foreign-key violation surfaces here and not at commit. */
    public Uni<Long> deleteNow(int id) {
        return delete("id = ?1", id);
    }

    /**
     * Inserts an inactive device unless its hostname or IP is taken (by a committed or concurrent
     * insert); the new id, or null when nothing was inserted. Must run in a transaction.
     */
    public Uni<Integer> insertInactiveIfAbsent(String hostname, String ipAddress) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO devices (hostname, ip_address, status) VALUES (:hostname, CAST(CAST(:ip AS text) AS inet), 'inactive') "
                                + "ON CONFLICT DO NOTHING RETURNING id", Integer.class)
                .setParameter("hostname", hostname)
                .setParameter("ip", ipAddress)
                .getResultList())
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    public Uni<Device> findByIp(String ipAddress) {
        return find("ipAddress", ipAddress).firstResult();
    }

    private record Query(String hql, Parameters parameters) {
    }

    private static Query where(Filter filter) {
        List<String> clauses = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.status() != null) {
            clauses.add("status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.model() != null) {
            clauses.add("model = :model");
            parameters.and("model", filter.model());
        }
        if (filter.search() != null && !filter.search().isBlank()) {
            // ipAddress reads as host(ip_address): a substring of the address text matches.
            clauses.add("(lower(hostname) like :q escape '\\' or ipAddress like :q escape '\\')");
            parameters.and("q", "%" + escapeLike(filter.search().trim().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.lastSeenBefore() != null) {
            clauses.add("lastSeenAt < :lastSeenBefore");
            parameters.and("lastSeenBefore", filter.lastSeenBefore());
        }
        if (filter.tenant() != null) {
            clauses.add("tenantId = :tenant");
            parameters.and("tenant", filter.tenant());
        }
        if (filter.lastSeenAfter() != null) {
            clauses.add("lastSeenAt > :lastSeenAfter");
            parameters.and("lastSeenAfter", filter.lastSeenAfter());
        }
        String hql = clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
        return new Query(hql, parameters);
    }

    static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Map<String, String> sortable() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("id", "id");
        m.put("hostname", "hostname");
        m.put("ip_address", "ipAddress");
        m.put("model", "model");
        m.put("firmware_version", "firmwareVersion");
        m.put("status", "status");
        m.put("last_seen_at", "lastSeenAt");
        m.put("created_at", "createdAt");
        m.put("updated_at", "updatedAt");
        return java.util.Collections.unmodifiableMap(m);
    }
}
