package org.opmas.common.rest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Jackson failures on a request body as a 400 problem naming the JSON path ({@code ip_address},
 * {@code config.ssh_port}, {@code steps[1].timeout}). Messages are written here rather than taken
 * from Jackson, whose texts name Java classes and source positions the client has no use for.
 */
public final class JsonErrors {

    /** The tail of Jackson's limit messages naming the Java getter: ", from `StreamReadConstraints.x()`)". */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(",\\s*from `[^`]*`\\)");

    private JsonErrors() {
    }

    /**
     * True for a failure the client caused. {@link InvalidDefinitionException} means a DTO Jackson
     * cannot build at all: a server bug, reported as 500.
     */
    public static boolean isClientError(JsonProcessingException e) {
        return !(e instanceof InvalidDefinitionException);
    }

    public static Problem toProblem(JsonProcessingException e) {
        StreamConstraintsException limit = limitExceeded(e);
        if (limit != null) {
            String field = parserPath(limit);
            if (field == null && e instanceof JsonMappingException mapping) {
                field = path(mapping);
            }
            String message = limitMessage(limit);
            return new Problem(ProblemTypes.INPUT_LIMIT, "Input limit exceeded", 400,
                    field == null ? "Request body: " + message : "Request body field " + field + ": " + message,
                    null, List.of(new FieldError(field, message)), null);
        }
        // Databind wraps a syntax error met inside a nested object; it is still a syntax error.
        if (e instanceof JsonMappingException mapping && e.getCause() instanceof StreamReadException syntax) {
            return malformed(syntax, path(mapping));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            String message = message(mapping);
            return new Problem(ProblemTypes.VALIDATION, "Invalid request", 400,
                    field == null ? "Request body: " + message : "Request body field " + field + ": " + message,
                    null, List.of(new FieldError(field, message)), null);
        }
        return malformed(e, null);
    }

    private static Problem malformed(JsonProcessingException e, String fallbackField) {
        String parserField = parserPath(e);
        String field = parserField != null ? parserField : fallbackField;
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String message = "malformed JSON" + where;
        return new Problem(ProblemTypes.MALFORMED_JSON, "Malformed JSON", 400,
                "Request body is not valid JSON" + where, null,
                List.of(new FieldError(field, message)), null);
    }

    private static StreamConstraintsException limitExceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                return limit;
            }
        }
        return null;
    }

    /**
     * Jackson's text without its pointer to the Java method that sets the limit:
     * "String value length (20001) exceeds the maximum allowed (20000)".
     */
    static String limitMessage(StreamConstraintsException e) {
        String original = String.valueOf(e.getOriginalMessage());
        String message = LIMIT_SOURCE.matcher(original).replaceAll(")");
        return message.isEmpty() ? "input limit exceeded" : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Dotted JSON path of a mapping failure; null when it concerns the whole body. */
    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    /** Converts a JSON Pointer ({@code /config/ports/0}) into the dotted form ({@code config.ports[0]}). */
    public static String fromPointer(String pointer) {
        if (pointer == null || pointer.isEmpty() || "/".equals(pointer)) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                path.append('[').append(name).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(name);
            }
        }
        return path.toString();
    }

    static String message(JsonMappingException e) {
        if (e instanceof PropertyBindingException) {
            return "unknown field";
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return "unknown type " + quote(typeId.getTypeId());
        }
        if (e instanceof InvalidFormatException format) {
            return "invalid value " + quote(format.getValue()) + ", expected " + describe(format.getTargetType());
        }
        if (e instanceof ValueInstantiationException) {
            // Record constructors validate and throw with a message written for this purpose.
            Throwable cause = e.getCause();
            return cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = String.valueOf(e.getOriginalMessage());
            if (original.startsWith("Missing required creator property")) {
                return "is required";
            }
            if (original.startsWith("Cannot map `null`")) {
                return "must not be null";
            }
            if (original.startsWith("Trailing token")) {
                return "unexpected data after the JSON value";
            }
            if (original.startsWith("No content to map")) {
                return "request body is empty";
            }
            return mismatch.getTargetType() == null ? "wrong type" : "expected " + describe(mismatch.getTargetType());
        }
        return "invalid value";
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "an ISO-8601 timestamp";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration";
        }
        if (InetAddress.class.isAssignableFrom(type)) {
            return "an IP address";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String parserPath(JsonProcessingException e) {
        try {
            if (e.getProcessor() instanceof JsonParser parser) {
                JsonStreamContext context = parser.getParsingContext();
                if (context != null) {
                    JsonPointer pointer = context.pathAsPointer();
                    return fromPointer(pointer.toString());
                }
            }
        } catch (RuntimeException ignored) {
            // the parser may be closed; the line and column still locate the error
        }
        return null;
    }

    private static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 64) {
            text = text.substring(0, 64) + "...";
        }
        return value instanceof String ? "\"" + text + "\"" : text;
    }
}
