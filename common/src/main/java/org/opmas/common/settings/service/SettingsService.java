package org.opmas.common.settings.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.config.RuntimeSettings;
import org.opmas.common.config.RuntimeSettingsConfig;
import org.opmas.common.config.SecretSettingCipher;
import org.opmas.common.config.SecretSettings;
import org.opmas.common.rest.FieldError;
import org.opmas.common.rest.ProblemException;
import org.opmas.common.rest.ProblemTypes;
import org.opmas.common.security.ActingSubject;
import org.opmas.common.security.AuditLog;
import org.opmas.common.settings.repository.SettingRow;
import org.opmas.common.settings.repository.SettingsRepository;
import org.opmas.common.tenant.TenantScope;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * The settings this service owns: its {@code opmas.settings.prefixes} (the keys its database role may
 * write). Secret values are sealed before they reach SQL and never leave through the API or a log line.
 * Settings are shared by every tenant, so changing one needs a token for all tenants.
 */
@ApplicationScoped
public class SettingsService {

    private final SettingsRepository repository;
    private final RuntimeSettings runtimeSettings;
    private final RuntimeSettingsConfig config;
    private final TenantScope tenantScope;
    private final ActingSubject actingSubject;

    public SettingsService(SettingsRepository repository, RuntimeSettings runtimeSettings, RuntimeSettingsConfig config,
            TenantScope tenantScope, ActingSubject actingSubject) {
        this.repository = repository;
        this.runtimeSettings = runtimeSettings;
        this.config = config;
        this.tenantScope = tenantScope;
        this.actingSubject = actingSubject;
    }

    /** The key prefixes this service manages; empty = whatever its role may read (writes: the database decides). */
    public List<String> prefixes() {
        return config.prefixes().orElse(List.of());
    }

    public Uni<List<SettingRow>> list() {
        return repository.list(prefixes());
    }

    /** The setting, or a 404 also for a key of another service (it is not this service's to show). */
    public Uni<SettingRow> get(String key) {
        if (SecretSettings.keyProblem(key) != null || !owns(key)) {
            return Uni.createFrom().failure(ProblemException.notFound("Setting", key));
        }
        return repository.find(key).map(found -> found.orElseThrow(() -> ProblemException.notFound("Setting", key)));
    }

    public Uni<SettingRow> put(String key, JsonNode value, String description) {
        return tenantScope.requireAllTenants()
                .chain(() -> actingSubject.name())
                .chain(subject -> {
                    checkWritable(key);
                    if (value == null || value.isNull() || value.isMissingNode()) {
                        throw ProblemException.badRequest("value", "is required (any JSON value but null)");
                    }
                    JsonNode stored;
                    try {
                        stored = runtimeSettings.storedForm(key, value);
                    } catch (SecretSettingCipher.SecretsUnavailableException e) {
                        throw new ProblemException(503, ProblemTypes.UNAVAILABLE, "Secrets unavailable", e.getMessage(),
                                List.of(new FieldError("key", "is a secret setting and no master key is configured")));
                    }
                    return repository.upsert(key, stored, description)
                            .onFailure(SettingsService::refusedByDatabase).transform(e -> otherServicesKey(key))
                            .invoke(row -> {
                                runtimeSettings.remember(key, value);
                                // The key only: the value may be a secret, and audit lines are shipped widely.
                                AuditLog.record(subject, "setting.put", "setting/" + key);
                            });
                });
    }

    public Uni<Void> delete(String key) {
        return tenantScope.requireAllTenants()
                .chain(() -> actingSubject.name())
                .chain(subject -> {
                    checkWritable(key);
                    return repository.delete(key)
                            .onFailure(SettingsService::refusedByDatabase).transform(e -> otherServicesKey(key))
                            .invoke(deleted -> {
                                if (!deleted) {
                                    throw ProblemException.notFound("Setting", key);
                                }
                                runtimeSettings.forget(key);
                                AuditLog.record(subject, "setting.delete", "setting/" + key);
                            })
                            .replaceWithVoid();
                });
    }

    /** What the API shows as the value: the mask for a secret, the stored JSON otherwise. */
    public static JsonNode shownValue(SettingRow row) {
        return SecretSettings.isSecret(row.key())
                ? com.fasterxml.jackson.databind.node.TextNode.valueOf(SecretSettings.MASK)
                : row.storedValue();
    }

    /** For a secret: whether the stored value is sealed (false = written in clear by hand); empty otherwise. */
    public static Optional<Boolean> sealed(SettingRow row) {
        return SecretSettings.isSecret(row.key())
                ? Optional.of(SecretSettingCipher.isSealed(row.storedValue()))
                : Optional.empty();
    }

    private void checkWritable(String key) {
        String problem = SecretSettings.keyProblem(key);
        if (problem != null) {
            throw ProblemException.badRequest("key", problem);
        }
        if (!owns(key)) {
            throw otherServicesKey(key);
        }
    }

    private boolean owns(String key) {
        List<String> prefixes = prefixes();
        return prefixes.isEmpty() || prefixes.stream().anyMatch(key::startsWith);
    }

    private ProblemException otherServicesKey(String key) {
        String owned = prefixes().isEmpty() ? "" : " (this service manages " + String.join(", ", prefixes().stream()
                .map(p -> p + "*").toList()) + ")";
        return new ProblemException(403, ProblemTypes.FORBIDDEN, "Forbidden",
                "Setting " + key + " belongs to another service; change it through that service's API" + owned,
                List.of(new FieldError("key", "belongs to another service" + owned)));
    }

    /** Row-level security (or a missing grant) refused the write: the key is not this service's. */
    private static boolean refusedByDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "42501".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
