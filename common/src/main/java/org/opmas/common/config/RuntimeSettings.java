package org.opmas.common.config;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import org.opmas.common.crypto.SecretCipher;
import org.opmas.common.crypto.SecretDecryptionException;

/**
 * System settings from {@code opmas_config}, cached in memory and reloaded every
 * {@code opmas.settings.refresh-interval}, so an operator's change applies without a restart.
 * Getters never touch the database: they read the last loaded snapshot and fall back to the
 * caller's default for a missing key, a value of the wrong type, or before the first load.
 *
 * <pre>{@code
 * if (!settings.getBoolean("executor.enabled", true)) { ... kill switch ... }
 * Duration timeout = settings.getDuration("executor.ssh_step_timeout", Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Secret settings ({@link SecretSettings#isSecret}) are stored sealed ({@link SecretSettingCipher})
 * and handed out opened: a getter returns the plaintext. A sealed value that does not open is treated
 * as absent and logged as an error naming the key and master key id; a plaintext value under a secret
 * key (written by hand) still works and is logged as a warning once.
 */
@ApplicationScoped
public class RuntimeSettings {

    private static final String TABLE = "opmas_config";

    private final Pool pool;
    private final RuntimeSettingsConfig config;
    private final SecretSettingCipher secrets;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Sealed values already reported as not opening (key to sealed text), so each is logged once. */
    private final Map<String, String> reportedUnopenable = new ConcurrentHashMap<>();
    /** Secret keys already reported as holding plaintext. */
    private final Set<String> reportedPlaintext = ConcurrentHashMap.newKeySet();
    /** Values already reported as unusable, so a bad row is logged once, not on every read. */
    private final Map<String, JsonNode> reportedInvalid = new ConcurrentHashMap<>();

    private volatile Map<String, JsonNode> values = Map.of();
    private volatile Instant loadedAt;
    private volatile boolean failing;

    public RuntimeSettings(Pool pool, RuntimeSettingsConfig config, SecretSettingCipher secrets) {
        this.pool = pool;
        this.config = config;
        this.secrets = secrets;
    }

    void load(@Observes StartupEvent startup) {
        if (config.enabled()) {
            refresh().subscribe().with(ignored -> {
            }, failure -> {
                // reported by refresh(); the scheduled reload tries again
            });
        }
    }

    @Scheduled(identity = "opmas-runtime-settings", every = "${opmas.settings.refresh-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return config.enabled() ? refresh().onFailure().recoverWithNull() : Uni.createFrom().voidItem();
    }

    /** Reloads the snapshot now. */
    public Uni<Void> refresh() {
        Optional<List<String>> prefixes = config.prefixes().filter(p -> !p.isEmpty());
        Uni<RowSet<Row>> query = prefixes.isPresent()
                ? pool.preparedQuery("SELECT key, value::text AS value FROM " + TABLE
                        + " WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS p(prefix) WHERE starts_with(key, p.prefix))")
                        .execute(Tuple.of(prefixes.get().toArray(new String[0])))
                : pool.preparedQuery("SELECT key, value::text AS value FROM " + TABLE).execute();
        return query.map(this::parse)
                .invoke(loaded -> {
                    values = loaded;
                    loadedAt = Instant.now();
                    if (failing) {
                        failing = false;
                        Log.infof("Runtime settings loaded again (%d keys)", loaded.size());
                    }
                })
                .onFailure().invoke(failure -> {
                    if (!failing) {
                        failing = true;
                        Log.warnf(failure, "Cannot load runtime settings from %s; keeping the last ones", TABLE);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Creates or replaces a setting. The database decides (row-level security) which key prefixes
     * this service's role may write; a refused write fails the Uni. The local snapshot is updated
     * at once, other replicas within one refresh interval.
     */
    public Uni<Void> put(String key, JsonNode value) {
        return put(key, value, null);
    }

    /**
     * As {@link #put(String, JsonNode)}; a null description keeps the existing one. A secret value is
     * sealed before it reaches SQL; without a master key the Uni fails with
     * {@link SecretSettingCipher.SecretsUnavailableException} and nothing is written.
     */
    public Uni<Void> put(String key, JsonNode value, String description) {
        if (key == null || key.isBlank() || value == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("key and value are required"));
        }
        JsonNode stored;
        try {
            stored = storedForm(key, value);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.preparedQuery("INSERT INTO " + TABLE + " (key, value, description) VALUES ($1, $2::text::jsonb, $3)"
                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
                + " description = COALESCE(EXCLUDED.description, " + TABLE + ".description), updated_at = now()")
                .execute(Tuple.of(key, stored.toString(), description))
                .invoke(() -> remember(key, value))
                .replaceWithVoid();
    }

    /**
     * What {@code opmas_config.value} holds for {@code value} under {@code key}: the sealed string for a
     * secret key, else the value itself. The settings API writes through this too.
     *
     * @throws SecretSettingCipher.SecretsUnavailableException for a secret key without a master key
     */
    public JsonNode storedForm(String key, JsonNode value) {
        return SecretSettings.isSecret(key) ? secrets.seal(key, value) : value;
    }

    /** Puts a value (plaintext) into the local snapshot at once, after a write that committed. */
    public void remember(String key, JsonNode value) {
        Map<String, JsonNode> updated = new HashMap<>(values);
        updated.put(key, value.deepCopy());
        values = Map.copyOf(updated);
    }

    /** Drops a key from the local snapshot at once, after a delete that committed. */
    public void forget(String key) {
        Map<String, JsonNode> updated = new HashMap<>(values);
        updated.remove(key);
        values = Map.copyOf(updated);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return typed(key, SettingValues::asBoolean, "a boolean").orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return typed(key, SettingValues::asInt, "an integer").orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return typed(key, SettingValues::asLong, "an integer").orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue) {
        return typed(key, SettingValues::asDouble, "a number").orElse(defaultValue);
    }

    /** See {@link SettingValues#asDuration} for the accepted forms (a bare number is seconds). */
    public Duration getDuration(String key, Duration defaultValue) {
        return typed(key, SettingValues::asDuration, "a duration").orElse(defaultValue);
    }

    public String getString(String key, String defaultValue) {
        return typed(key, SettingValues::asString, "a string").orElse(defaultValue);
    }

    /** The raw JSON value (a copy: the snapshot is shared). */
    public Optional<JsonNode> getJson(String key) {
        return Optional.ofNullable(values.get(key)).map(JsonNode::deepCopy);
    }

    /** Every loaded setting (copies). */
    public Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> copy = new HashMap<>();
        values.forEach((k, v) -> copy.put(k, v.deepCopy()));
        return copy;
    }

    /** A new instance over the same database and configuration with nothing read yet, as a service starts. */
    public RuntimeSettings unloaded() {
        return new RuntimeSettings(pool, config, secrets);
    }

    /**
     * Whether the snapshot holds what {@code opmas_config} said at least once since start (always
     * true when reading it is turned off). Until then every getter answers its default.
     */
    public boolean isLoaded() {
        return !config.enabled() || loadedAt != null;
    }

    /** When the snapshot was last loaded; empty before the first successful load. */
    public Optional<Instant> loadedAt() {
        return Optional.ofNullable(loadedAt);
    }

    private <T> Optional<T> typed(String key, Function<JsonNode, Optional<T>> reader, String expected) {
        JsonNode node = values.get(key);
        if (node == null) {
            return Optional.empty();
        }
        Optional<T> value = reader.apply(node);
        if (value.isEmpty() && !node.equals(reportedInvalid.put(key, node))) {
            Log.warnf("Setting %s = %s is not %s; using the default", key, node, expected);
        }
        return value;
    }

    private Map<String, JsonNode> parse(RowSet<Row> rows) {
        Map<String, JsonNode> loaded = new HashMap<>();
        for (Row row : rows) {
            String key = row.getString("key");
            JsonNode value;
            try {
                value = mapper.readTree(row.getString("value"));
            } catch (JsonProcessingException e) {
                Log.warnf("Setting %s holds unreadable JSON; ignored", key);
                continue;
            }
            if (SecretSettings.isSecret(key)) {
                value = openSecret(key, value);
            }
            if (value != null) {
                loaded.put(key, value);
            }
        }
        return Map.copyOf(loaded);
    }

    /** The plaintext of a secret setting, or null (absent) when it does not open. */
    private JsonNode openSecret(String key, JsonNode stored) {
        if (!SecretSettingCipher.isSealed(stored)) {
            if (reportedPlaintext.add(key)) {
                Log.warnf("Secret setting %s is stored in clear in %s; write it again through PUT /api/v1/settings/%s"
                        + " to have it sealed", key, TABLE, key);
            }
            return stored;
        }
        reportedPlaintext.remove(key);
        String sealed = stored.textValue();
        try {
            JsonNode opened = secrets.open(key, sealed);
            reportedUnopenable.remove(key);
            return opened;
        } catch (SecretDecryptionException | SecretSettingCipher.SecretsUnavailableException e) {
            if (!sealed.equals(reportedUnopenable.put(key, sealed))) {
                // The message names the master key id and why; never the value.
                Log.errorf("Secret setting %s (master key '%s') cannot be opened; treated as absent: %s", key,
                        SecretCipher.keyIdOf(sealed), e.getMessage());
            }
            return null;
        }
    }
}
