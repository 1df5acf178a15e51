package org.opmas.playbook.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What playbook-service reads of a device (read-only SELECT on devices). */
public record DeviceInfo(int id, String hostname, String ipAddress, String model, String status) {

    /** The {@code device.*} namespace of templates. */
    public JsonNode toContext() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("hostname", hostname);
        node.put("ip_address", ipAddress);
        if (model != null) {
            node.put("model", model);
        }
        return node;
    }
}
