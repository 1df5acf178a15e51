package org.opmas.schema.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

/**
 * Records built in Java serialize to JSON their schema accepts and read back equal — records and
 * schemas cannot drift apart.
 */
class EventRecordsTest {

    static final Instant T0 = Instant.parse("2026-11-27T22:45:49.123456Z");
    static final Instant T1 = T0.plusSeconds(2);

    static ObjectNode obj() {
        return EventJson.mapper().createObjectNode();
    }

    static DeviceChangedEvent.Device device() {
        return new DeviceChangedEvent.Device(42, "ap-lobby-01", "192.0.2.41", "GL-MT3000", "23.05.3",
                DeviceStatus.MAINTENANCE, obj().put("site", "hq"), T0, T0.minusSeconds(86400), T0);
    }

    static FindingEvent.Finding finding(FindingStatus status, Long agentId) {
        return new FindingEvent.Finding(1001, T0, agentId, 42, "ssh_brute_force", Severity.CRITICAL, null, null, status,
                "fp", 3, T0, T1, true, T1);
    }

    static Stream<OpmasEvent> events() {
        List<OpmasEvent> all = new ArrayList<>();
        // device logs: fully populated, minimal external, unparsed
        all.add(new DeviceLogEvent(EventIds.random(), 42L, "ap-lobby-01", "2001:db8::1", T0, T0, 23, 7, "hostapd", 99,
                "ID1", "wlan0: STA aa:bb:cc:dd:ee:ff IEEE 802.11: authenticated", "<31>raw line", LogFormat.RFC5424, null,
                Map.of("origin", Map.of("ip", "2001:db8::1"))));
        all.add(new DeviceLogEvent(EventIds.random(), null, "ap-2", null, T0, T1, null, null, null, null, null, "m", "m",
                LogFormat.JSON, null, null));
        all.add(new DeviceLogEvent(EventIds.random(), null, null, "203.0.113.9", T0, T0, null, null, null, null, null,
                "\u0000binary\u00ff", "\u0000binary\u00ff", LogFormat.UNPARSED, "missing <PRI>", null));
        for (LogFormat f : LogFormat.values()) {
            all.add(new DeviceLogEvent(EventIds.random(), 1L, null, null, T0, T0, 0, 0, "p", 0, null, "", "", f, null,
                    Map.of()));
        }
        // devices
        all.add(DeviceChangedEvent.upserted(device(), T0));
        all.add(DeviceChangedEvent.upserted(new DeviceChangedEvent.Device(7, "gw", "10.0.0.7", null, null,
                DeviceStatus.ACTIVE, null, null, T0, T0), T0));
        all.add(DeviceChangedEvent.deleted(42, T1));
        // detections
        for (Severity s : Severity.values()) {
            all.add(new DetectionEvent(DetectionEvent.deterministicId(6, 42, "fp", T0), "security", 2,
                    "RepeatedSSHLoginFailure", 6, 42, "ssh_brute_force", s, "desc",
                    obj().put("source_ip", "198.51.100.7").putNull("user"),
                    List.of(UUID.randomUUID(), UUID.randomUUID()), 7L, T0, T1, T1, "fp", s == Severity.INFO));
        }
        all.add(new DetectionEvent(EventIds.random(), "health", 3, "OOMKillerInvoked", 9, 5, "oom", Severity.CRITICAL,
                "", obj(), List.of(), null, null, null, T0, "health:oom:5", false));
        // findings
        for (FindingEvent.Type type : FindingEvent.Type.values()) {
            for (FindingStatus st : FindingStatus.values()) {
                all.add(new FindingEvent(EventIds.random(), type, T1, st == FindingStatus.NEW ? null : FindingStatus.NEW,
                        type == FindingEvent.Type.CREATED ? UUID.randomUUID() : null, finding(st, st == FindingStatus.NEW ? 2L : null)));
            }
        }
        all.add(new FindingEvent(EventIds.random(), FindingEvent.Type.UPDATED, T1, null, null,
                new FindingEvent.Finding(1, T0, 2L, 42, "x", Severity.INFO, "d", obj().put("k", 1), FindingStatus.NEW,
                        "fp", 1, T0, T0, false, T0)));
        // intended actions
        for (ActionType at : ActionType.values()) {
            all.add(new IntendedActionEvent(EventIds.random(), 5001, at == ActionType.REBOOT ? null : 1001L, 3,
                    UUID.randomUUID(), 1, 42, at, obj().put("command", "wifi reload").put("iface", "wlan0"), 30, 0,
                    at == ActionType.COLLECT_DIAGNOSTICS, T1, T0));
        }
        // results
        for (ActionStatus st : ActionStatus.values()) {
            boolean ran = st == ActionStatus.SUCCEEDED || st == ActionStatus.FAILED || st == ActionStatus.TIMED_OUT;
            all.add(new ActionResultEvent(EventIds.random(), 5001, null, 3, UUID.randomUUID(), 2, 42, st,
                    st == ActionStatus.SUCCEEDED ? Integer.valueOf(0) : st == ActionStatus.FAILED ? Integer.valueOf(1) : null,
                    ran ? "out" : "", ran ? "err" : "", false, false, ran ? 2 : 0, ran ? T0 : null, T1,
                    ran ? 2000 : 0, st == ActionStatus.SUCCEEDED ? null : "reason", false, "wifi reload"));
        }
        ActionResultEvent.Capped big = ActionResultEvent.capOutput("z".repeat(200_000));
        all.add(new ActionResultEvent(EventIds.random(), 5001, 1001L, 3, UUID.randomUUID(), 1, 42, ActionStatus.SUCCEEDED,
                0, big.text(), big.text(), big.truncated(), big.truncated(), 1, T0, T1, 2000, null, true, "logread -l 100"));
        for (Boolean finalStep : new Boolean[] {true, false}) {
            all.add(new ActionResultEvent(EventIds.random(), 5002, 1001L, 3, UUID.randomUUID(), 1, 42,
                    ActionStatus.SUCCEEDED, 0, "", "", false, false, 1, T0, T1, 10, null, false, "logread", finalStep));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void recordRoundTripsAndValidates(OpmasEvent event) {
        byte[] json = EventJson.toBytes(event);
        ValidationResult r = EventValidator.shared().validate(event.eventType(), json);
        assertThat(r.errors()).as(new String(json)).isEmpty();
        Object back = EventJson.fromBytes(json, event.getClass());
        assertThat(back).isEqualTo(event);
        // ce metadata is not part of the payload
        JsonNode tree = r.payload();
        Stream.of("event_type", "eventType", "kafka_key", "kafkaKey", "event_time", "topic")
                .forEach(k -> assertThat(tree.has(k)).as(k).isFalse());
        // NON_NULL: no explicit nulls at the top level
        tree.fields().forEachRemaining(f -> assertThat(f.getValue().isNull()).as(f.getKey()).isFalse());
        assertThat(event.topic()).isEqualTo(CloudEvents.type(event.eventType()).orElseThrow().topic());
        assertThat(Topics.MAIN).contains(event.topic());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void aPlainMapperAlsoWritesTheContract(OpmasEvent event) throws Exception {
        // a service's own ObjectMapper (e.g. Quarkus') still writes snake_case and ISO instants
        ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        byte[] json = plain.writeValueAsBytes(event);
        assertThat(EventValidator.shared().validate(event.eventType(), json).errors()).as(new String(json)).isEmpty();
    }

    @Test
    void wireNamesAndTimes() {
        DeviceLogEvent log = new DeviceLogEvent(UUID.fromString("3f8e5a2c-1b7d-4c9e-8a6f-2d4b6c8e0a13"), 42L, null,
                null, T0, T0, 4, 5, "dropbear", 7, null, "m", "r", LogFormat.RFC3164, null, null);
        assertThat(EventJson.toJson(log)).isEqualTo("{\"id\":\"3f8e5a2c-1b7d-4c9e-8a6f-2d4b6c8e0a13\",\"device_id\":42,"
                + "\"received_at\":\"2026-11-27T22:45:49.123456Z\",\"timestamp\":\"2026-11-27T22:45:49.123456Z\","
                + "\"facility\":4,\"severity\":5,\"program\":\"dropbear\",\"pid\":7,\"message\":\"m\",\"raw\":\"r\","
                + "\"format\":\"rfc3164\"}");
    }

    @Test
    void eventTypesKeysAndTimes() {
        DeviceChangedEvent up = DeviceChangedEvent.upserted(device(), T0);
        assertThat(up.eventType()).isEqualTo(CloudEvents.DEVICE_UPSERTED_V1);
        assertThat(up.kafkaKey()).isEqualTo("42");
        assertThat(up.eventTime()).isEqualTo(T0);
        DeviceChangedEvent del = DeviceChangedEvent.deleted(42, T1);
        assertThat(del.eventType()).isEqualTo(CloudEvents.DEVICE_DELETED_V1);
        assertThat(del.device()).isNull();

        for (FindingEvent.Type type : FindingEvent.Type.values()) {
            FindingEvent e = new FindingEvent(EventIds.random(), type, T1, null, null, finding(FindingStatus.NEW, 1L));
            assertThat(e.eventType()).isEqualTo("org.opmas.finding." + type.name().toLowerCase() + ".v1");
            assertThat(CloudEvents.type(e.eventType()).orElseThrow().discriminator())
                    .isEqualTo(EventJson.toTree(e).get("type").asText());
            assertThat(e.kafkaKey()).isEqualTo("42");
        }

        DeviceLogEvent byHost = new DeviceLogEvent(EventIds.random(), null, "ap-2", "10.0.0.2", T0, T0, null, null,
                null, null, null, "m", "m", LogFormat.JSON, null, null);
        assertThat(byHost.kafkaKey()).isEqualTo("ap-2");
        assertThat(byHost.withDeviceId(9L).kafkaKey()).isEqualTo("9");
        assertThat(new DeviceLogEvent(EventIds.random(), null, null, "10.0.0.2", T0, T0, null, null, null, null, null,
                "m", "m", LogFormat.JSON, null, null).kafkaKey()).isEqualTo("10.0.0.2");
    }

    @Test
    void jsonNullInFreeFormObjectsBecomesJavaNull() {
        String json = "{\"id\":1,\"hostname\":\"h\",\"ip_address\":\"10.0.0.1\",\"status\":\"active\",\"config\":null,"
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"}";
        assertThat(EventJson.fromJson(json, DeviceChangedEvent.Device.class).config()).isNull();
        IntendedActionEvent a = new IntendedActionEvent(EventIds.random(), 1, null, 1, UUID.randomUUID(), 1, 1,
                ActionType.WIFI_RELOAD, obj().put("command", "wifi reload"), 30, 0, false, T1, T0);
        assertThat(a.renderedCommand()).isEqualTo("wifi reload");
    }

    @Test
    void enumsUseTheirWireNames() {
        assertThat(EventJson.toJson(ActionStatus.TIMED_OUT)).isEqualTo("\"timed_out\"");
        assertThat(EventJson.toJson(FindingStatus.FALSE_POSITIVE)).isEqualTo("\"false_positive\"");
        assertThat(EventJson.fromJson("\"collect_diagnostics\"", ActionType.class)).isEqualTo(ActionType.COLLECT_DIAGNOSTICS);
        assertThat(Severity.fromWire("critical")).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.CRITICAL.compareTo(Severity.WARNING)).isPositive();
        assertThat(LogFormat.UNPARSED.wire()).isEqualTo("unparsed");
        assertThat(DeviceStatus.DECOMMISSIONED.toString()).isEqualTo("decommissioned");
    }

    @Test
    void deterministicIdsAndCaps() {
        UUID a = DetectionEvent.deterministicId(6, 42, "fp", T0);
        assertThat(DetectionEvent.deterministicId(6, 42, "fp", T0)).isEqualTo(a);
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(DetectionEvent.deterministicId(6, 42, "fp", T1)).isNotEqualTo(a);
        assertThat(DetectionEvent.deterministicId(6, 43, "fp", T0)).isNotEqualTo(a);
        assertThat(EventIds.nameBased("a", "bc")).isNotEqualTo(EventIds.nameBased("ab", "c"));
        // RFC 4122 appendix B style check against a known v5 value computed with the DNS namespace is
        // not applicable (own namespace); stability across JVMs is what matters:
        assertThat(EventIds.nameBased("x")).isEqualTo(EventIds.nameBased("x"));

        List<UUID> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(new UUID(0, i));
        }
        List<UUID> capped = DetectionEvent.capEvidence(many);
        assertThat(capped).hasSize(DetectionEvent.MAX_EVIDENCE).startsWith(new UUID(0, 50)).endsWith(new UUID(0, 149));
        assertThat(DetectionEvent.capEvidence(null)).isEmpty();

        ActionResultEvent unknown = new ActionResultEvent(EventIds.random(), 1, null, 1, UUID.randomUUID(), 1, 1,
                ActionStatus.SUCCEEDED, 0, "", "", false, false, 1, T0, T1, 0, null, false, "true");
        assertThat(unknown.finalStep()).isNull();
        assertThat(unknown.completesRun()).as("producers that do not say are treated as final").isTrue();
        assertThat(EventJson.fromBytes(EventJson.toBytes(unknown), ActionResultEvent.class).completesRun()).isTrue();

        ActionResultEvent.Capped small = ActionResultEvent.capOutput("ok");
        assertThat(small).isEqualTo(new ActionResultEvent.Capped("ok", false));
        assertThat(ActionResultEvent.capOutput(null)).isEqualTo(new ActionResultEvent.Capped("", false));
        ActionResultEvent.Capped cut = ActionResultEvent.capOutput("\uD83D\uDE00".repeat(40_000));
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.text().length()).isLessThanOrEqualTo(ActionResultEvent.MAX_OUTPUT_WITH_MARKER);
        assertThat(cut.text()).endsWith(" chars]");
        assertThat(Character.isHighSurrogate(cut.text().charAt(ActionResultEvent.MAX_OUTPUT_CHARS - 2))).isTrue();
    }
}
