package org.opmas.device.inventory.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.opmas.device.inventory.Device;
import org.opmas.schema.events.DeviceChangedEvent;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Every device in memory, by id, IP and (lower-case) hostname. Reads never touch the database;
 * writes are serialized (they are rare: inventory edits). Kept current from three sources: this
 * replica's own commits, {@code opmas.devices} (other replicas), and a periodic reload from the
 * database that heals anything missed. An entry only ever moves forward in {@code updated_at}, so
 * the three can arrive in any order.
 */
@ApplicationScoped
public class InMemoryDeviceDirectory implements DeviceDirectory {

    private static final String LOAD = "SELECT id, hostname, host(ip_address) AS ip, status, config->>'timezone' AS tz,"
            + " updated_at FROM devices";

    /** One device with the version it was read at. */
    record Entry(DeviceRef ref, Instant updatedAt) {
    }

    private final Map<Integer, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Entry> byIp = new ConcurrentHashMap<>();
    private final Map<String, Entry> byHostname = new ConcurrentHashMap<>();
    /** Deleted ids, so a late upsert (an older event replayed) cannot bring a device back. */
    private final Set<Integer> deleted = ConcurrentHashMap.newKeySet();
    /** One registration per IP in flight on this replica; the database settles races between replicas. */
    private final Map<String, Uni<DeviceRef>> registering = new ConcurrentHashMap<>();

    private final Pool pool;
    private final Instance<DeviceService> service;
    private final Vertx vertx;

    public InMemoryDeviceDirectory(Pool pool, Instance<DeviceService> service, Vertx vertx) {
        this.pool = pool;
        this.service = service;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        // Blocking on purpose: the ingest path must not resolve devices against an empty directory.
        reload().await().atMost(Duration.ofSeconds(60));
        Log.infof("Device directory loaded: %d devices", byId.size());
    }

    @Scheduled(every = "${opmas.inventory.directory-refresh-interval:5m}", delayed = "${opmas.inventory.directory-refresh-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> Log.warnf("Device directory refresh failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Reloads every device from the database; removes those gone since (unless changed meanwhile). */
    public Uni<Void> reload() {
        Instant started = Instant.now();
        return pool.query(LOAD).execute().invoke(rows -> {
            Set<Integer> seen = new HashSet<>();
            for (Row row : rows) {
                Entry entry = new Entry(new DeviceRef(row.getInteger("id"), row.getString("hostname"),
                        row.getString("ip"), row.getString("status"),
                        DeviceConfigValidator.zoneOf(row.getString("tz"))),
                        row.getOffsetDateTime("updated_at").toInstant());
                seen.add(entry.ref().id());
                put(entry);
            }
            for (Entry entry : byId.values()) {
                if (!seen.contains(entry.ref().id()) && entry.updatedAt().isBefore(started)) {
                    remove(entry.ref().id());
                }
            }
        }).replaceWithVoid();
    }

    @Override
    public Optional<DeviceRef> byIp(String ipAddress) {
        Entry entry = byIp.get(ipKey(ipAddress));
        return entry == null ? Optional.empty() : Optional.of(entry.ref());
    }

    @Override
    public Optional<DeviceRef> byHostname(String hostname) {
        if (hostname == null) {
            return Optional.empty();
        }
        Entry entry = byHostname.get(hostname.toLowerCase(Locale.ROOT));
        return entry == null ? Optional.empty() : Optional.of(entry.ref());
    }

    public Optional<DeviceRef> byId(int id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.ref());
    }

    public int size() {
        return byId.size();
    }

    /** Devices per status, for the gauge. */
    public long countByStatus(String status) {
        return byId.values().stream().filter(e -> status.equals(e.ref().status())).count();
    }

    @Override
    public Uni<DeviceRef> registerUnknown(String ipAddress, String hostname) {
        String ip = IpAddresses.canonical(ipAddress).orElse(null);
        if (ip == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("not an IP address: " + ipAddress));
        }
        Optional<DeviceRef> known = byIp(ip);
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }
        // The cleanup must be a Runnable: `eventually(() -> registering.remove(key))` picks the
        // Supplier<Uni> overload (remove returns this very Uni), so the memoized registration would
        // subscribe to itself on termination and never complete. The directory already holds the
        // device when the registration completes (DeviceService applies it), so later lines for
        // this IP resolve in memory once the entry is removed.
        return registering.computeIfAbsent(ip, key -> onSafeContext(() -> service.get().registerUnknown(key, hostname))
                .map(InMemoryDeviceDirectory::refOf)
                .onTermination().invoke(() -> registering.remove(key))
                .memoize().indefinitely());
    }

    /** This replica committed a change to the device. */
    public void apply(Device device) {
        deleted.remove(device.id);
        put(new Entry(refOf(device), device.updatedAt));
    }

    /** A change seen on opmas.devices (possibly our own, possibly replayed). */
    public void apply(DeviceChangedEvent event) {
        int id = Math.toIntExact(event.deviceId());
        if (event.type() == DeviceChangedEvent.Type.DELETED) {
            remove(id);
            return;
        }
        if (deleted.contains(id)) {
            return;
        }
        DeviceChangedEvent.Device d = event.device();
        Object tz = d.config() == null || d.config().get("timezone") == null ? null : d.config().get("timezone").asText();
        put(new Entry(new DeviceRef(id, d.hostname(), d.ipAddress(), d.status().wire(),
                DeviceConfigValidator.zoneOf((String) tz)), d.updatedAt()));
    }

    public synchronized void remove(int id) {
        deleted.add(id);
        Entry old = byId.remove(id);
        if (old != null) {
            unindex(old);
        }
    }

    private synchronized void put(Entry entry) {
        int id = entry.ref().id();
        if (deleted.contains(id)) {
            return;
        }
        Entry old = byId.get(id);
        if (old != null && old.updatedAt() != null && entry.updatedAt() != null
                && entry.updatedAt().isBefore(old.updatedAt())) {
            return; // stale
        }
        if (old != null) {
            unindex(old);
        }
        byId.put(id, entry);
        byIp.put(ipKey(entry.ref().ipAddress()), entry);
        byHostname.put(entry.ref().hostname().toLowerCase(Locale.ROOT), entry);
    }

    private void unindex(Entry old) {
        byIp.remove(ipKey(old.ref().ipAddress()), old);
        byHostname.remove(old.ref().hostname().toLowerCase(Locale.ROOT), old);
    }

    static DeviceRef refOf(Device d) {
        String tz = d.config == null || d.config.get("timezone") == null ? null : String.valueOf(d.config.get("timezone"));
        return new DeviceRef(d.id, d.hostname, d.ipAddress, d.status, DeviceConfigValidator.zoneOf(tz));
    }

    private static String ipKey(String ip) {
        return ip == null ? "" : IpAddresses.canonical(ip).orElse(ip);
    }

    /**
     * Runs Hibernate Reactive work on a safe duplicated Vert.x context, so the ingest path may call
     * from any thread (a Netty handler, a worker, a test).
     */
    private <T> Uni<T> onSafeContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
