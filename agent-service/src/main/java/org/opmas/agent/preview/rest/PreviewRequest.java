package org.opmas.agent.preview.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.opmas.agent.rules.rest.RuleRequest;

/**
 * A rule to try and sample input: raw syslog lines and/or DeviceLogEvent JSON objects.
 *
 * @param deviceId device the samples are attributed to when they name none (default 1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PreviewRequest(
        @NotNull @Valid RuleRequest rule,
        @Size(max = 5000) List<@NotNull @Size(max = 65536) String> lines,
        @Size(max = 5000) List<@NotNull JsonNode> events,
        @Min(1) Long deviceId) {
}
