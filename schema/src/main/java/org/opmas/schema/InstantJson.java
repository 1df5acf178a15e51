package org.opmas.schema;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * Event timestamps in and out of JSON without {@code DateTimeFormatter} for the form every OPMAS
 * service writes: {@code 2026-11-27T22:45:49.123Z} (UTC, uppercase T and Z, 0–9 fraction digits,
 * years 0000–9999). Anything else — offsets, lower case, leap seconds, numbers — goes to Jackson's
 * own {@link InstantDeserializer}/{@link InstantSerializer}, so results and errors are exactly
 * theirs.
 *
 * <p>Why: every device log event carries two instants, and parsing them through
 * {@code DateTimeFormatter.ISO_INSTANT} was 12 % of agent-service's CPU at 20,000 lines/s, and
 * formatting them a few per cent of device-service's (docs/benchmarks/system.md).
 */
final class InstantJson {

    private InstantJson() {
    }

    /** Registered after {@code JavaTimeModule}, so these win for {@link Instant}. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("opmas-instant-json");
        module.addSerializer(Instant.class, new Serializer());
        module.addDeserializer(Instant.class, new Deserializer());
        return module;
    }

    /**
     * The instant of a canonical UTC timestamp ({@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}), or null when
     * {@code text} has any other form or is not a valid date and time.
     */
    static Instant parseCanonical(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            nanos = digits(text, 20, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalidDate) { // 30 February and the like: let Jackson word the error
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number in {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * What {@link Instant#toString()} gives for years 0000–9999 (fraction in groups of three digits,
     * none when zero); null for other years.
     */
    static String formatCanonical(Instant instant) {
        LocalDateTime utc;
        try {
            utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        } catch (DateTimeException outOfRange) {
            return null;
        }
        int year = utc.getYear();
        if (year < 0 || year > 9999) {
            return null;
        }
        char[] out = new char[30];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, utc.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, utc.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, utc.getHour(), 2);
        out[13] = ':';
        put(out, 14, utc.getMinute(), 2);
        out[16] = ':';
        put(out, 17, utc.getSecond(), 2);
        int length = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(out, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                put(out, length, nanos / 1_000, 6);
                length += 6;
            } else {
                put(out, length, nanos, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        return new String(out, 0, length);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static final class Deserializer extends StdScalarDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Instant instant = parseCanonical(p.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    static final class Serializer extends StdScalarSerializer<Instant> {

        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String text = provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS) ? null
                    : formatCanonical(value);
            if (text == null) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider);
            } else {
                gen.writeString(text);
            }
        }
    }
}
