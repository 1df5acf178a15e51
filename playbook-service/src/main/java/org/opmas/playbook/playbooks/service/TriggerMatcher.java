package org.opmas.playbook.playbooks.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.opmas.playbook.devices.DeviceInfo;
import org.opmas.schema.events.FindingEvent;
import org.opmas.schema.events.Severity;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether a finding on a device satisfies a playbook's {@code trigger_conditions}. */
public final class TriggerMatcher {

    private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

    private TriggerMatcher() {
    }

    public static boolean matches(JsonNode conditions, FindingEvent.Finding finding, DeviceInfo device) {
        if (conditions == null || !conditions.isObject() || !conditions.hasNonNull("finding_type")) {
            return false; // a finding playbook without a type never matches everything by accident
        }
        if (!glob(conditions.get("finding_type").asText(), finding.findingType())) {
            return false;
        }
        if (conditions.hasNonNull("min_severity")) {
            Severity min = Severity.fromWire(conditions.get("min_severity").asText());
            if (finding.severity().ordinal() < min.ordinal()) {
                return false;
            }
        }
        if (conditions.hasNonNull("agent_id")
                && (finding.agentId() == null || finding.agentId() != conditions.get("agent_id").asLong())) {
            return false;
        }
        JsonNode d = conditions.get("device");
        if (d != null && d.isObject()) {
            if (device == null) {
                return false;
            }
            if (d.hasNonNull("hostname") && !glob(d.get("hostname").asText(), device.hostname())) {
                return false;
            }
            if (d.hasNonNull("model") && !glob(d.get("model").asText(), device.model())) {
                return false;
            }
            if (d.hasNonNull("status")) {
                List<String> allowed = new ArrayList<>();
                if (d.get("status").isArray()) {
                    d.get("status").forEach(s -> allowed.add(s.asText()));
                } else {
                    allowed.add(d.get("status").asText());
                }
                if (!allowed.contains(device.status())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Shell-style glob: '*' any run, '?' one character; everything else literal, case-sensitive. */
    public static boolean glob(String pattern, String value) {
        if (value == null) {
            return false;
        }
        return GLOBS.computeIfAbsent(pattern, TriggerMatcher::compile).matcher(value).matches();
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
