package org.opmas.agent.preview.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What a rule would do with the samples: per input whether it matched (and which step of a
 * sequence), the captured values, and the detections in order.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PreviewResponse(String ruleType, int evaluated, int matched, List<Item> items, List<JsonNode> detections) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, String source, JsonNode event, boolean matched, String step, Map<String, String> captured,
            String parseError) {
    }
}
