package org.opmas.schema.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Record helpers. */
final class Nodes {

    private Nodes() {
    }

    /** Jackson reads a JSON {@code null} into a JsonNode component as NullNode; records hold Java null instead. */
    static JsonNode orNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }
}
