package org.opmas.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Samples;

/** Broken events are rejected with an error that names the JSON path. */
class BrokenEventsTest {

    private static final EventValidator V = EventValidator.shared();

    private static List<String> errors(String type, JsonNode node) {
        ValidationResult r = V.validate(type, node);
        assertThat(r.isValid()).as("expected invalid: " + node).isFalse();
        return r.errors();
    }

    /** For every event type: dropping any required field (per its schema) is an error naming it. */
    static List<Arguments> requiredFields() {
        List<Arguments> out = new ArrayList<>();
        for (String type : CloudEvents.types().keySet()) {
            Samples.schemaOf(type).get("required").forEach(f -> out.add(Arguments.of(type, f.asText())));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void missingRequiredField(String type, String field) {
        ObjectNode n = Samples.of(type);
        n.remove(field);
        assertThat(errors(type, n)).contains("$." + field + ": is required");
    }

    /** For every event type: an unknown top-level field is rejected. */
    @ParameterizedTest
    @ValueSource(strings = { CloudEvents.DEVICE_LOG_V1, CloudEvents.DEVICE_UPSERTED_V1, CloudEvents.DEVICE_DELETED_V1,
            CloudEvents.FINDING_DETECTED_V1, CloudEvents.FINDING_CREATED_V1, CloudEvents.FINDING_RESOLVED_V1,
            CloudEvents.ACTION_INTENDED_V1, CloudEvents.ACTION_RESULT_V1 })
    void extraTopLevelField(String type) {
        ObjectNode n = Samples.of(type);
        n.put("sevrity", "typo");
        assertThat(errors(type, n)).containsExactly("$.sevrity: is not allowed (unknown field)");
    }

    /** For every event type: a wrong-typed id and broken JSON bytes are rejected. */
    @ParameterizedTest
    @ValueSource(strings = { CloudEvents.DEVICE_LOG_V1, CloudEvents.DEVICE_UPSERTED_V1, CloudEvents.FINDING_DETECTED_V1,
            CloudEvents.FINDING_CREATED_V1, CloudEvents.ACTION_INTENDED_V1, CloudEvents.ACTION_RESULT_V1 })
    void wrongTypeAndInvalidJson(String type) {
        ObjectNode n = Samples.of(type);
        n.put("id", 17);
        assertThat(errors(type, n)).containsExactly("$.id: must be string, got integer");

        n = Samples.of(type);
        n.put("id", "not-a-uuid");
        assertThat(errors(type, n)).containsExactly("$.id: must be a valid uuid, got \"not-a-uuid\"");

        byte[] truncated = EventJson.toBytes(Samples.of(type));
        truncated = java.util.Arrays.copyOf(truncated, truncated.length - 3);
        ValidationResult r = V.validate(type, truncated);
        assertThat(r.isValid()).isFalse();
        assertThat(r.payload()).isNull();
        assertThat(r.errors()).singleElement().asString().startsWith("$: invalid JSON at line 1, column ");
    }

    @Test
    void invalidJsonIsAResultNeverAnException() {
        for (String bad : new String[] { "", "   ", "{", "nope", "{\"id\":1,}", "[1,2", "{\"a\":1} trailing",
                "{\"id\":\"a\",\"id\":\"b\"}", "\u0000\u0001" }) {
            ValidationResult r = V.validate(CloudEvents.DEVICE_LOG_V1, bad.getBytes(StandardCharsets.UTF_8));
            assertThat(r.isValid()).as(bad).isFalse();
            assertThat(r.errors()).as(bad).singleElement().asString().startsWith("$: ");
        }
        assertThat(V.validate(CloudEvents.DEVICE_LOG_V1, (byte[]) null).errors())
                .containsExactly("$: empty payload (expected a JSON object)");
        assertThat(V.validate(CloudEvents.DEVICE_LOG_V1, new byte[] { (byte) 0xff, (byte) 0xfe }).isValid()).isFalse();
        // valid JSON, but not an object
        assertThat(V.validate(CloudEvents.DEVICE_LOG_V1, "[]".getBytes(StandardCharsets.UTF_8)).errors())
                .containsExactly("$: must be object, got array");
        assertThat(V.validate(CloudEvents.DEVICE_LOG_V1, "null".getBytes(StandardCharsets.UTF_8)).isValid()).isFalse();
    }

    @Test
    void unknownOrMissingEventType() {
        JsonNode n = Samples.of(CloudEvents.DEVICE_LOG_V1);
        assertThat(V.validate("org.opmas.nope.v9", n).errors()).singleElement().asString()
                .startsWith("ce_type: unknown event type 'org.opmas.nope.v9'");
        assertThat(V.validate(null, n).errors()).containsExactly("ce_type: missing");
        assertThat(V.validate(" ", n).errors()).containsExactly("ce_type: missing");
    }

    // ---- device log -------------------------------------------------------------------------

    @Test
    void deviceLogSeverityAndFacilityRanges() {
        String t = CloudEvents.DEVICE_LOG_V1;
        ObjectNode n = Samples.of(t);
        n.put("severity", 8);
        assertThat(errors(t, n)).containsExactly("$.severity: must be <= 7, got 8");
        n.put("severity", -1);
        assertThat(errors(t, n)).containsExactly("$.severity: must be >= 0, got -1");
        n.put("severity", "err");
        assertThat(errors(t, n)).containsExactly("$.severity: must be integer or null, got string");
        n.put("severity", 3.5);
        assertThat(errors(t, n)).containsExactly("$.severity: must be integer or null, got number");
        n.putNull("severity");
        n.put("facility", 24);
        assertThat(errors(t, n)).containsExactly("$.facility: must be <= 23, got 24");
        n.put("facility", 23);
        assertThat(V.validate(t, n).isValid()).isTrue();
    }

    @Test
    void deviceLogFormatEnumAndFormats() {
        String t = CloudEvents.DEVICE_LOG_V1;
        ObjectNode n = Samples.of(t);
        n.put("format", "syslog");
        assertThat(errors(t, n)).containsExactly(
                "$.format: must be one of [rfc3164, rfc5424, logread, json, unparsed], got \"syslog\"");

        n = Samples.of(t);
        n.put("source_ip", "300.1.2.3");
        assertThat(errors(t, n)).containsExactly("$.source_ip: must be a valid ipv4 or ipv6");
        n.put("source_ip", "192.0.2.1:514");
        assertThat(errors(t, n)).containsExactly("$.source_ip: must be a valid ipv4 or ipv6");
        n.put("source_ip", "fe80::1");
        assertThat(V.validate(t, n).isValid()).isTrue();

        n = Samples.of(t);
        n.put("timestamp", "Nov 27 22:45:49");
        assertThat(errors(t, n)).containsExactly("$.timestamp: must be a valid date-time, got \"Nov 27 22:45:49\"");
        n.put("timestamp", "2026-11-27T22:45:49"); // no offset
        assertThat(errors(t, n)).singleElement().asString().startsWith("$.timestamp: must be a valid date-time");
    }

    @Test
    void deviceLogNeedsSomeDeviceIdentity() {
        String t = CloudEvents.DEVICE_LOG_V1;
        ObjectNode n = Samples.of(t);
        n.remove(List.of("device_id", "hostname", "source_ip"));
        assertThat(errors(t, n)).containsExactly("$: one of [device_id, hostname, source_ip] is required");
        n.putNull("device_id");
        n.putNull("hostname");
        assertThat(errors(t, n)).containsExactly("$: one of [device_id, hostname, source_ip] is required");
        n.put("hostname", "ap-1");
        assertThat(V.validate(t, n).isValid()).isTrue();
    }

    @Test
    void deviceLogLengthCaps() {
        String t = CloudEvents.DEVICE_LOG_V1;
        ObjectNode n = Samples.of(t);
        n.put("message", "x".repeat(65536));
        n.put("raw", "x".repeat(65536));
        assertThat(V.validate(t, n).isValid()).isTrue();
        n.put("raw", "x".repeat(65537));
        assertThat(errors(t, n)).containsExactly("$.raw: must be at most 65536 characters long");
        n = Samples.of(t);
        n.put("hostname", "");
        assertThat(errors(t, n)).containsExactly("$.hostname: must be at least 1 characters long");
    }

    @Test
    void deviceLogStructuredDataShape() {
        String t = CloudEvents.DEVICE_LOG_V1;
        ObjectNode n = Samples.of(t);
        n.putObject("structured_data").putObject("origin").put("ip", 5);
        assertThat(errors(t, n)).containsExactly("$.structured_data.origin.ip: must be string, got integer");
    }

    // ---- devices ----------------------------------------------------------------------------

    @Test
    void deviceUpsertNeedsTheDeviceAndDeleteMustNotCarryOne() {
        ObjectNode up = Samples.of(CloudEvents.DEVICE_UPSERTED_V1);
        up.remove("device");
        assertThat(errors(CloudEvents.DEVICE_UPSERTED_V1, up)).containsExactly("$.device: is required");

        ObjectNode del = Samples.of(CloudEvents.DEVICE_DELETED_V1);
        del.set("device", Samples.of(CloudEvents.DEVICE_UPSERTED_V1).get("device"));
        assertThat(errors(CloudEvents.DEVICE_DELETED_V1, del)).contains("$.device: must be null, got object");
        del.putNull("device");
        assertThat(V.validate(CloudEvents.DEVICE_DELETED_V1, del).isValid()).isTrue();
    }

    @Test
    void deviceFields() {
        String t = CloudEvents.DEVICE_UPSERTED_V1;
        ObjectNode n = Samples.of(t);
        ((ObjectNode) n.get("device")).put("status", "broken");
        assertThat(errors(t, n)).containsExactly(
                "$.device.status: must be one of [active, inactive, maintenance, unreachable, decommissioned], got \"broken\"");
        n = Samples.of(t);
        ((ObjectNode) n.get("device")).put("ssh_private_key", "-----BEGIN");
        assertThat(errors(t, n)).containsExactly("$.device.ssh_private_key: is not allowed (unknown field)");
        n = Samples.of(t);
        ((ObjectNode) n.get("device")).put("ip_address", "not-an-ip");
        assertThat(errors(t, n)).containsExactly("$.device.ip_address: must be a valid ipv4 or ipv6");
        n = Samples.of(t);
        ((ObjectNode) n.get("device")).remove("hostname");
        assertThat(errors(t, n)).containsExactly("$.device.hostname: is required");
    }

    @Test
    void payloadTypeMustMatchCeType() {
        ObjectNode n = Samples.of(CloudEvents.DEVICE_UPSERTED_V1);
        assertThat(errors(CloudEvents.DEVICE_DELETED_V1, n)).containsExactly(
                "$.type: must be \"deleted\" for ce_type org.opmas.device.deleted.v1");
        ObjectNode f = Samples.of(CloudEvents.FINDING_CREATED_V1);
        assertThat(errors(CloudEvents.FINDING_RESOLVED_V1, f)).containsExactly(
                "$.type: must be \"resolved\" for ce_type org.opmas.finding.resolved.v1");
    }

    // ---- detections / findings ----------------------------------------------------------------

    @Test
    void detectionSeverityEnumAndEvidenceCap() {
        String t = CloudEvents.FINDING_DETECTED_V1;
        ObjectNode n = Samples.of(t);
        n.put("severity", "fatal");
        assertThat(errors(t, n)).containsExactly(
                "$.severity: must be one of [info, warning, error, critical], got \"fatal\"");

        n = Samples.of(t);
        ArrayNode evidence = n.putArray("evidence");
        for (int i = 0; i < 101; i++) {
            evidence.add(java.util.UUID.randomUUID().toString());
        }
        assertThat(errors(t, n)).containsExactly("$.evidence: must have at most 100 items");
        evidence.remove(100);
        assertThat(V.validate(t, n).isValid()).isTrue();
        evidence.set(3, "x");
        assertThat(errors(t, n)).containsExactly("$.evidence[3]: must be a valid uuid, got \"x\"");

        n = Samples.of(t);
        n.put("details", "text");
        assertThat(errors(t, n)).containsExactly("$.details: must be object, got string");
        n = Samples.of(t);
        n.put("shadow", "false");
        assertThat(errors(t, n)).containsExactly("$.shadow: must be boolean, got string");
    }

    @Test
    void findingNestedErrorsNameTheFullPath() {
        String t = CloudEvents.FINDING_CREATED_V1;
        ObjectNode n = Samples.of(t);
        ObjectNode f = (ObjectNode) n.get("finding");
        f.put("status", "open");
        f.put("severity", "CRITICAL");
        f.put("occurrence_count", 0);
        f.remove("fingerprint");
        f.put("extra", true);
        assertThat(errors(t, n)).containsExactlyInAnyOrder(
                "$.finding.status: must be one of [new, acknowledged, resolved, false_positive], got \"open\"",
                "$.finding.severity: must be one of [info, warning, error, critical], got \"CRITICAL\"",
                "$.finding.occurrence_count: must be >= 1, got 0",
                "$.finding.fingerprint: is required",
                "$.finding.extra: is not allowed (unknown field)");
        n = Samples.of(t);
        n.put("type", "deleted");
        assertThat(errors(t, n)).containsExactly(
                "$.type: must be one of [created, updated, resolved, status_changed], got \"deleted\"");
    }

    // ---- actions ----------------------------------------------------------------------------

    @Test
    void intendedActionNeedsTheRenderedCommand() {
        String t = CloudEvents.ACTION_INTENDED_V1;
        ObjectNode n = Samples.of(t);
        ((ObjectNode) n.get("action_config")).remove("command");
        assertThat(errors(t, n)).containsExactly("$.action_config.command: is required");
        n = Samples.of(t);
        n.put("action_type", "rm_rf");
        assertThat(errors(t, n)).singleElement().asString().startsWith("$.action_type: must be one of [ssh_command, ");
        n = Samples.of(t);
        n.put("timeout_seconds", 0);
        n.put("retry_count", 11);
        n.put("step_number", 0);
        assertThat(errors(t, n)).containsExactlyInAnyOrder("$.timeout_seconds: must be >= 1, got 0",
                "$.retry_count: must be <= 10, got 11", "$.step_number: must be >= 1, got 0");
    }

    @Test
    void actionResultStatusAndOutputCap() {
        String t = CloudEvents.ACTION_RESULT_V1;
        ObjectNode n = Samples.of(t);
        n.put("status", "ok");
        assertThat(errors(t, n)).containsExactly(
                "$.status: must be one of [succeeded, failed, timed_out, cancelled, skipped], got \"ok\"");
        n = Samples.of(t);
        n.put("stdout", "y".repeat(65792));
        assertThat(V.validate(t, n).isValid()).isTrue();
        n.put("stderr", "y".repeat(65793));
        assertThat(errors(t, n)).containsExactly("$.stderr: must be at most 65792 characters long");
        n = Samples.of(t);
        n.put("exit_code", "0");
        assertThat(errors(t, n)).containsExactly("$.exit_code: must be integer or null, got string");
    }

    @Test
    void summaryIsCappedForTheDlqHeader() {
        ObjectNode n = Samples.of(CloudEvents.FINDING_DETECTED_V1);
        n.removeAll();
        ValidationResult r = V.validate(CloudEvents.FINDING_DETECTED_V1, n);
        assertThat(r.errors()).hasSizeGreaterThan(10);
        assertThat(r.summary()).contains("$.severity: is required; ");
        assertThat(r.summary(100)).hasSize(100).endsWith("…");
        EventValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(EventValidationException.class,
                r::orThrow);
        assertThat(e.getMessage()).startsWith("schema: org.opmas.finding.detected.v1: $.");
        assertThat(e.result()).isSameAs(r);
    }
}
