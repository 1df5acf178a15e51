package org.opmas.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.api.Test;

/**
 * {@link InstantJson} must give exactly what Jackson's own java.time support gives (the reference
 * below is EventJson's mapper as it was before InstantJson), and must actually take its fast path
 * for the form every service writes.
 */
class InstantJsonTest {

    record Stamp(Instant at) {
    }

    private static final JsonMapper REFERENCE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .build();

    private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void eventJsonUsesIt() throws Exception {
        JsonMapper mapper = (JsonMapper) EventJson.mapper();
        assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(InstantJson.Serializer.class);
        DefaultDeserializationContext context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), mapper.createParser("\"\""), null);
        assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                .isInstanceOf(InstantJson.Deserializer.class);
    }

    @Test
    void writesWhatJacksonWritesAndTakesTheFastPathForYearsZeroTo9999() throws Exception {
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(MIN_SECOND, MAX_SECOND + 1), nanos(random));
            String expected = REFERENCE.writeValueAsString(new Stamp(instant));
            assertThat(EventJson.toJson(new Stamp(instant))).as("%s", instant).isEqualTo(expected);
            assertThat(InstantJson.formatCanonical(instant)).as("fast path for %s", instant).isNotNull();
            assertThat(InstantJson.parseCanonical(instant.toString())).as("fast path for %s", instant).isEqualTo(instant);
        }
    }

    @Test
    void instantsOutsideTheFastPathAreWrittenByJackson() throws Exception {
        for (Instant instant : List.of(Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z"))) {
            assertThat(InstantJson.formatCanonical(instant)).isNull();
            assertThat(EventJson.toJson(new Stamp(instant))).isEqualTo(REFERENCE.writeValueAsString(new Stamp(instant)));
        }
    }

    @Test
    void formatInstantGivesInstantToStringForEveryYear() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(MIN_SECOND, MAX_SECOND + 1), nanos(random));
            assertThat(EventJson.formatInstant(instant)).isEqualTo(instant.toString());
        }
        for (Instant instant : List.of(Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59.5Z"))) {
            assertThat(EventJson.formatInstant(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void readsEveryTextAsJacksonDoesOrFailsWhereItFails() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "2026-11-27T22:45:49Z", "2026-11-27T22:45:49.1Z", "2026-11-27T22:45:49.123456789Z",
                "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31T12:00:00Z",
                "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-27T24:00:00Z",
                "2026-11-27T23:60:00Z", "2026-12-31T23:59:60Z", "2026-11-27T22:45:49.Z", "2026-11-27T22:45:49.1234567891Z",
                "2026-11-27t22:45:49z", "2026-11-27T22:45:49z", "2026-11-27 22:45:49Z", "2026-11-27T22:45:49+01:00",
                "2026-11-27T22:45:49.5-03:30", "2026-11-27T22:45Z", "2026-11-27T22:45:49", "+2026-11-27T22:45:49Z",
                "-2026-11-27T22:45:49Z", "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                " 2026-11-27T22:45:49Z", "2026-11-27T22:45:49Z ", "", " ", "x", "2026-1١-27T22:45:49Z",
                "2026-11-27T22:45:49.12a4Z", "2026-11-27T22:45:4aZ", "202a-11-27T22:45:49Z"));
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "0123456789-:.TZtz+ ";
        for (int i = 0; i < 20_000; i++) {
            char[] text = Instant.ofEpochSecond(random.nextLong(MIN_SECOND, MAX_SECOND + 1), nanos(random)).toString()
                    .toCharArray();
            text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            texts.add(new String(text));
        }
        for (String text : texts) {
            String json = "{\"at\":\"" + text + "\"}";
            assertThat(read(EventJson.mapper(), json)).as("%s", json).isEqualTo(read(REFERENCE, json));
        }
        for (String json : List.of("{\"at\":1764283549}", "{\"at\":1764283549.5}", "{\"at\":null}", "{\"at\":[]}")) {
            assertThat(read(EventJson.mapper(), json)).as("%s", json).isEqualTo(read(REFERENCE, json));
        }
    }

    /** The instant read, or the kind of failure. */
    private static Object read(com.fasterxml.jackson.databind.ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Stamp.class).at();
        } catch (Exception e) {
            return e.getClass();
        }
    }

    /** Nanoseconds of every granularity Instant.toString distinguishes: none, milli, micro, nano. */
    private static int nanos(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
    }
}
