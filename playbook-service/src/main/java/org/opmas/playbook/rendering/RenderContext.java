package org.opmas.playbook.rendering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The values a run's templates may reference. Everything in here is treated as hostile: details
 * come from a router's log, and even device fields may have been learnt from log lines.
 */
public final class RenderContext {

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    private RenderContext() {
    }

    /**
     * @param details the finding's details (or a manual run's variables); may be null
     * @param vars    a manual run's variables; may be null
     * @param device  id, hostname, ip_address, model of the target device; may be null
     * @param finding id, device_id, agent_id, finding_type, severity, fingerprint; may be null
     */
    public static RenderContext of(JsonNode details, JsonNode vars, JsonNode device, JsonNode finding) {
        RenderContext context = new RenderContext();
        context.root.set("details", objectOrEmpty(details));
        context.root.set("vars", objectOrEmpty(vars));
        context.root.set("device", objectOrEmpty(device));
        context.root.set("finding", objectOrEmpty(finding));
        return context;
    }

    public static RenderContext empty() {
        return of(null, null, null, null);
    }

    /** The scalar at the dotted path as text; null when missing, null, or not a scalar. */
    String lookup(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isNull() || node.isContainerNode() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.asText();
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node != null && node.isObject() ? node : JsonNodeFactory.instance.objectNode();
    }
}
