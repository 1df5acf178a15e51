package org.opmas.common.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code opmas_config} keys hold secrets, and how their values are bound to their row. The one
 * place that decides: {@link RuntimeSettings} (which seals and opens) and the settings API (which
 * masks) both ask here, so a key can never be sealed by one and shown by the other.
 */
public final class SecretSettings {

    /** What the settings API shows instead of a secret value. */
    public static final String MASK = "********";

    /** Endings of a key's last segment that make it secret ({@code smtp.password}, {@code notify.slack_token}). */
    static final List<String> SECRET_SUFFIXES = List.of("password", "token", "secret", "api_key", "api-key",
            "private_key");

    /** Dotted lower-case segments, e.g. {@code executor.ssh_step_timeout}: what every OPMAS setting looks like. */
    public static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+$");
    /** opmas_config.key is VARCHAR(255). */
    public static final int MAX_KEY_LENGTH = 255;

    private SecretSettings() {
    }

    /** True when the last segment of {@code key} ends with one of the secret endings (case-insensitive). */
    public static boolean isSecret(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return SECRET_SUFFIXES.stream().anyMatch(last::endsWith);
    }

    /**
     * The associated data a secret value is sealed with: a sealed value copied under another key
     * does not open.
     */
    public static String associatedData(String key) {
        return "opmas_config:" + key;
    }

    /** Null when {@code key} is a well-formed setting key, else why not. */
    public static String keyProblem(String key) {
        if (key == null || key.isBlank()) {
            return "is required";
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return "must be at most " + MAX_KEY_LENGTH + " characters";
        }
        if (!KEY.matcher(key).matches()) {
            return "must be dotted lower-case segments of letters, digits, '_' and '-' (e.g. executor.ssh_step_timeout)";
        }
        return null;
    }
}
