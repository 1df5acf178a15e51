package org.opmas.common.json;

import org.eclipse.microprofile.config.Config;

/**
 * Limits on JSON request bodies, applied by the parser before any object is built, so a hostile
 * body cannot exhaust the stack (deep nesting) or the heap (huge strings and numbers). The body
 * size itself is {@code quarkus.http.limits.max-body-size}. Defaults fit every OPMAS request with a
 * wide margin: rule conditions and playbook steps nest a handful of levels, log messages are a few KiB.
 *
 * <p>Read from plain config rather than a {@code @ConfigMapping}: Quarkus builds the ObjectMapper
 * during static init, before runtime mappings exist.
 *
 * @param maxNestingDepth deepest nesting of objects and arrays ({@code opmas.json.max-nesting-depth})
 * @param maxStringLength longest string value in characters ({@code opmas.json.max-string-length})
 * @param maxNumberLength longest number in characters ({@code opmas.json.max-number-length})
 * @param maxNameLength   longest field name; JSONB maps use names as keys ({@code opmas.json.max-name-length})
 */
public record JsonInputLimits(int maxNestingDepth, int maxStringLength, int maxNumberLength, int maxNameLength) {

    public static final JsonInputLimits DEFAULTS = new JsonInputLimits(64, 1_000_000, 100, 1000);

    public static JsonInputLimits from(Config config) {
        return new JsonInputLimits(
                config.getOptionalValue("opmas.json.max-nesting-depth", Integer.class).orElse(DEFAULTS.maxNestingDepth),
                config.getOptionalValue("opmas.json.max-string-length", Integer.class).orElse(DEFAULTS.maxStringLength),
                config.getOptionalValue("opmas.json.max-number-length", Integer.class).orElse(DEFAULTS.maxNumberLength),
                config.getOptionalValue("opmas.json.max-name-length", Integer.class).orElse(DEFAULTS.maxNameLength));
    }
}
