package org.opmas.device.inventory.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.outbox.Outbox;
import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.ConflictProblem;
import org.opmas.common.rest.DatabaseErrors;
import org.opmas.common.rest.FieldError;
import org.opmas.common.rest.NotFoundProblem;
import org.opmas.common.rest.PageResponse;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.tenant.TenantForbiddenException;
import org.opmas.common.tenant.TenantScope;
import org.opmas.device.inventory.Device;
import org.opmas.device.inventory.DeviceStatuses;
import org.opmas.device.inventory.repository.DeviceRepository;
import org.opmas.device.inventory.rest.DevicePatch;
import org.opmas.device.inventory.rest.DeviceRequest;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceChangedEvent;
import org.opmas.schema.events.DeviceStatus;
import org.opmas.schema.validation.EventValidator;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The device inventory. Every change commits together with its {@code opmas.devices} event
 * (device_outbox, same transaction) and then updates this replica's in-memory directory; other
 * replicas learn of it from the topic.
 *
 * <p>Every API path runs in {@link TenantScope#withTransaction}: row level security then shows and
 * accepts only the caller's tenant, so another tenant's device is simply absent (404). Registering
 * an unknown log source is part of the system-wide ingest pipeline and names no tenant.
 */
@ApplicationScoped
public class DeviceService {

    private final DeviceRepository devices;
    private final Outbox outbox;
    private final InMemoryDeviceDirectory directory;
    private final TenantScope tenantScope;

    public DeviceService(DeviceRepository devices, Outbox outbox, InMemoryDeviceDirectory directory,
            TenantScope tenantScope) {
        this.devices = devices;
        this.outbox = outbox;
        this.directory = directory;
        this.tenantScope = tenantScope;
    }

    public Uni<Device> get(int id) {
        return tenantScope.withTransaction(() -> devices.findById(id))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<PageResponse<Device>> list(String status, String model, String search, String lastSeenBefore,
            String lastSeenAfter, String tenant, String sort, Integer page, Integer size) {
        Paging paging = Paging.of(page, size);
        SortSpec order = SortSpec.parse(sort, DeviceRepository.SORTABLE, DeviceRepository.DEFAULT_SORT);
        if (status != null && !DeviceStatuses.isValid(status)) {
            throw new BadRequestProblem("status " + DeviceStatuses.MESSAGE, "status", DeviceStatuses.MESSAGE);
        }
        String tenantFilter = blankToNull(tenant);
        if (tenantFilter != null && !TenantScope.TENANT_ID.matcher(tenantFilter).matches()) {
            throw new BadRequestProblem("tenant " + TENANT_MESSAGE, "tenant", TENANT_MESSAGE);
        }
        DeviceRepository.Filter filter = new DeviceRepository.Filter(status, blankToNull(model), blankToNull(search),
                instant("last_seen_before", lastSeenBefore), instant("last_seen_after", lastSeenAfter), tenantFilter);
        return tenantScope.withTransaction(() -> devices.count(filter)
                .chain(total -> devices.search(filter, order, paging)
                        .map(items -> PageResponse.of(items, paging, total))));
    }

    public Uni<Device> create(DeviceRequest request) {
        Device device = new Device();
        apply(device, request.hostname(), request.ipAddress(), request.model(), request.firmwareVersion(),
                request.status() == null ? DeviceStatus.ACTIVE.wire() : request.status(), request.config());
        return tenantScope.current().invoke(caller -> device.tenantId = owningTenant(caller, request.tenantId()))
                .chain(() -> tenantScope.withTransaction(() -> devices.persistAndFlush(device)
                        .call(this::reload)
                        .call(d -> publishUpsert(d))))
                .invoke(directory::apply)
                .invoke(d -> Log.infof("Device %d created: %s %s (%s)", d.id, d.hostname, d.ipAddress, d.status));
    }

    public Uni<Device> replace(int id, DeviceRequest request) {
        return update(id, request.tenantId(), device -> apply(device, request.hostname(), request.ipAddress(), request.model(),
                request.firmwareVersion(), request.status() == null ? device.status : request.status(),
                request.config()));
    }

    public Uni<Device> patch(int id, DevicePatch patch) {
        return update(id, patch.tenantId(), device -> apply(device,
                patch.hostname() != null ? patch.hostname() : device.hostname,
                patch.ipAddress() != null ? patch.ipAddress() : device.ipAddress,
                patch.model() != null ? patch.model() : device.model,
                patch.firmwareVersion() != null ? patch.firmwareVersion() : device.firmwareVersion,
                patch.status() != null ? patch.status() : device.status,
                patch.config() != null ? patch.config() : device.config));
    }

    /**
     * Deletes a device and (by cascade) its SSH keys. A device that findings or intended actions
     * refer to cannot go: its history would lose its subject; it is decommissioned instead.
     */
    public Uni<Void> delete(int id) {
        return tenantScope.withTransaction(() -> devices.deleteNow(id)
                        .onFailure(DeviceService::isForeignKeyViolation).transform(e -> new ConflictProblem(
                                "Device " + id + " has findings or intended actions and cannot be deleted; "
                                        + "set its status to decommissioned instead", "id"))
                        .chain(count -> count == 0 ? Uni.createFrom().failure(notFound(id))
                                : outbox.append(DeviceChangedEvent.deleted(id, Instant.now()))))
                .invoke(() -> directory.remove(id))
                .invoke(() -> Log.infof("Device %d deleted", id))
                .replaceWithVoid();
    }

    /**
     * Creates an {@code inactive} device for a log source nobody registered, or returns the device
     * that already has this IP (also when another replica created it a moment ago).
     */
    public Uni<Device> registerUnknown(String ipAddress, String hostname) {
        String ip = IpAddresses.canonical(ipAddress)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + ipAddress));
        String generated = unknownHostname(ip);
        // The source's hostname is kept when it is valid and free; one that belongs to another
        // device would merge two routers, so the new one gets a generated name instead.
        String name = hostname != null && hostname.length() <= 255
                && hostname.matches("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?")
                && directory.byHostname(hostname).isEmpty() ? hostname : generated;
        return Panache.withTransaction(() -> devices.insertInactiveIfAbsent(name, ip)
                .chain(id -> {
                    if (id == null) {
                        return devices.findByIp(ip).onItem().ifNull().failWith(() -> new IllegalStateException(
                                "cannot register " + ip + ": hostname " + name + " was taken meanwhile"));
                    }
                    return devices.findById(id).call(this::reload).call(this::publishUpsert)
                            .invoke(d -> Log.infof("Registered unknown log source %s as inactive device %d (%s)",
                                    ip, d.id, d.hostname));
                }))
                .invoke(directory::apply);
    }

    static String unknownHostname(String ip) {
        return "unknown-" + ip.replace(':', '-').replace('.', '-');
    }

    /**
     * The tenant a new device gets: the one named if the caller covers it, else the caller's own
     * ({@value TenantScope#DEFAULT_TENANT} for an all-tenants caller). Checked here and not left to row
     * level security so that the caller learns why.
     */
    static String owningTenant(String caller, String requested) {
        if (requested == null) {
            return TenantScope.ALL.equals(caller) ? TenantScope.DEFAULT_TENANT : caller;
        }
        if (!TenantScope.covers(caller, requested)) {
            throw new TenantForbiddenException("this token is limited to tenant '" + caller
                    + "'; it cannot create devices in tenant '" + requested + "'");
        }
        return requested;
    }

    private Uni<Device> update(int id, String newTenant, java.util.function.Consumer<Device> change) {
        return tenantScope.current().chain(caller -> tenantScope.withTransaction(() -> devices.findById(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .invoke(change)
                        .invoke(d -> move(d, caller, newTenant))
                        .call(d -> devices.flush())
                        .call(this::reload)
                        .call(this::publishUpsert)))
                .invoke(directory::apply)
                .invoke(d -> Log.infof("Device %d updated: %s %s (%s)", d.id, d.hostname, d.ipAddress, d.status));
    }

    /** Hands a device to another tenant (its rows follow, by trigger): only an all-tenants caller may. */
    private static void move(Device device, String caller, String newTenant) {
        if (newTenant == null || newTenant.equals(device.tenantId)) {
            return;
        }
        if (!TenantScope.ALL.equals(caller)) {
            throw new TenantForbiddenException("only a token for all tenants may move a device to another tenant;"
                    + " this one is limited to tenant '" + caller + "'");
        }
        Log.infof("Device %d moves from tenant %s to tenant %s", device.id, device.tenantId, newTenant);
        device.tenantId = newTenant;
    }

    static final String TENANT_MESSAGE =
            "must be 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static void apply(Device device, String hostname, String ipAddress, String model, String firmwareVersion,
            String status, Map<String, Object> config) {
        List<FieldError> errors = new ArrayList<>(DeviceConfigValidator.validate(config));
        Optional<String> ip = IpAddresses.canonical(ipAddress);
        if (ip.isEmpty()) {
            errors.add(0, new FieldError("ip_address", "must be an IPv4 or IPv6 address (no netmask, no host name)"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestProblem("Invalid device: " + errors.get(0).field() + " " + errors.get(0).message(),
                    errors);
        }
        device.hostname = hostname;
        device.ipAddress = ip.get();
        device.model = model;
        device.firmwareVersion = firmwareVersion;
        device.status = status;
        device.config = config == null ? null : new HashMap<>(config);
    }

    /** Reads back what the database set (created_at, updated_at, last_seen_at, canonical inet). */
    private Uni<Void> reload(Device device) {
        return Panache.getSession().chain(session -> session.refresh(device));
    }

    private Uni<?> publishUpsert(Device d) {
        DeviceChangedEvent event = DeviceChangedEvent.upserted(toEvent(d), d.updatedAt);
        EventValidator.shared().validate(event).orThrow();
        return outbox.append(event);
    }

    /** The device as published; config holds connection settings only, never secrets. */
    public static DeviceChangedEvent.Device toEvent(Device d) {
        return new DeviceChangedEvent.Device(d.id, d.hostname, d.ipAddress, d.model, d.firmwareVersion,
                DeviceStatus.fromWire(d.status), d.config == null ? null : EventJson.toTree(d.config),
                d.lastSeenAt, d.createdAt, d.updatedAt);
    }

    private static boolean isForeignKeyViolation(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        return DatabaseErrors.find(chain).map(e -> "23503".equals(e.sqlState())).orElse(false);
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(parameter + " must be an RFC 3339 timestamp such as 2026-11-27T22:45:49Z",
                    parameter, "must be an RFC 3339 timestamp such as 2026-11-27T22:45:49Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static NotFoundProblem notFound(int id) {
        return new NotFoundProblem("Device " + id + " does not exist");
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
