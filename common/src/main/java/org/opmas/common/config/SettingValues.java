package org.opmas.common.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Reads typed values from the JSONB values of {@code opmas_config}. Operators edit these rows by
 * hand, so both the JSON type and its string spelling are accepted ({@code true} and
 * {@code "true"}, {@code 30} and {@code "30"}); anything else is "not a value of this type" and
 * the caller falls back to its default.
 */
public final class SettingValues {

    private SettingValues() {
    }

    public static Optional<Boolean> asBoolean(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (text.equalsIgnoreCase("true")) {
                return Optional.of(true);
            }
            if (text.equalsIgnoreCase("false")) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    public static Optional<Long> asLong(JsonNode node) {
        BigDecimal number = asNumber(node).orElse(null);
        if (number == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(number.longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    public static Optional<Integer> asInt(JsonNode node) {
        return asLong(node).filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE).map(Long::intValue);
    }

    public static Optional<Double> asDouble(JsonNode node) {
        return asNumber(node).map(BigDecimal::doubleValue);
    }

    /**
     * A duration: a number is seconds ({@code 30}, {@code 0.5}); text is {@code 500ms},
     * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, a bare number of seconds, or ISO-8601
     * ({@code PT30S}). Negative durations are rejected.
     */
    public static Optional<Duration> asDuration(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        Duration duration = null;
        if (node.isNumber()) {
            duration = secondsToDuration(node.decimalValue());
        } else if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                duration = text.isEmpty() ? null : DurationConverter.parseDuration(text);
            } catch (RuntimeException e) {
                duration = null;
            }
        }
        return Optional.ofNullable(duration).filter(d -> !d.isNegative());
    }

    /** Text as is; numbers and booleans as their JSON text; objects and arrays are not strings. */
    public static Optional<String> asString(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(node.isTextual() ? node.textValue() : node.asText());
    }

    private static Optional<BigDecimal> asNumber(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (node.isTextual()) {
            try {
                return Optional.of(new BigDecimal(node.textValue().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Duration secondsToDuration(BigDecimal seconds) {
        try {
            BigDecimal nanos = seconds.movePointRight(9);
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
