package org.opmas.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.common.rest.FieldError;
import org.opmas.common.rest.JsonErrors;
import org.opmas.common.rest.Problem;
import org.opmas.common.rest.ProblemTypes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrictJsonCustomizerTest {

    record Step(String name, int timeout) {
    }

    record PlaybookRequest(String name, @JsonProperty("requires_approval") boolean requiresApproval,
            Map<String, Object> config, JsonNode conditions, List<Step> steps) {
    }

    /** The defaults, with a smaller string limit to keep the test cheap. */
    static final JsonInputLimits LIMITS = new JsonInputLimits(64, 10_000, 100, 1000);

    final ObjectMapper mapper = StrictJsonCustomizer.apply(new ObjectMapper(), LIMITS);

    private Problem problemOf(String json) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> mapper.readValue(json, PlaybookRequest.class));
        assertThat(e).as("rejected: %s", json.length() > 200 ? json.substring(0, 200) : json).isNotNull();
        return JsonErrors.toProblem(e);
    }

    @Test
    void unknownFieldIsRejectedWithItsPath() {
        assertThat(problemOf("{\"name\": \"p\", \"requires_aproval\": true}").errors())
                .containsExactly(new FieldError("requires_aproval", "unknown field"));
        assertThat(problemOf("{\"steps\": [{\"name\": \"a\"}, {\"name\": \"b\", \"retries\": 3}]}").errors())
                .containsExactly(new FieldError("steps[1].retries", "unknown field"));
    }

    @Test
    void jsonbMapsStayOpen() throws Exception {
        PlaybookRequest request = mapper.readValue("{\"name\": \"p\", \"config\": {\"anything\": {\"x\": 1}},"
                + " \"conditions\": {\"all\": [{\"field\": \"severity\", \"op\": \"gte\", \"value\": 3}]}}",
                PlaybookRequest.class);
        assertThat(request.config()).containsKey("anything");
        assertThat(request.conditions().at("/all/0/op").asText()).isEqualTo("gte");
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() throws Exception {
        String deep = "[".repeat(65) + "]".repeat(65);
        Problem problem = problemOf("{\"config\": {\"x\": " + deep + "}}");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo(ProblemTypes.INPUT_LIMIT);
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).startsWith("config");
            assertThat(error.message()).isEqualTo("document nesting depth (65) exceeds the maximum allowed (64)");
        });
        // Within the limit the same shape parses (the object itself and config take two levels).
        String allowed = "[".repeat(62) + "]".repeat(62);
        assertThat(mapper.readValue("{\"config\": {\"x\": " + allowed + "}}", PlaybookRequest.class).config())
                .containsKey("x");
    }

    @Test
    void longStringsNumbersAndNamesAreRejected() {
        Problem string = problemOf("{\"name\": \"" + "a".repeat(10_001) + "\"}");
        assertThat(string.type()).isEqualTo(ProblemTypes.INPUT_LIMIT);
        assertThat(string.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("name");
            assertThat(error.message()).startsWith("string value length").endsWith("exceeds the maximum allowed (10000)");
        });
        Problem number = problemOf("{\"steps\": [{\"timeout\": " + "9".repeat(101) + "}]}");
        assertThat(number.type()).isEqualTo(ProblemTypes.INPUT_LIMIT);
        assertThat(number.errors()).extracting(FieldError::message)
                .singleElement().asString().startsWith("number value length");
        Problem name = problemOf("{\"config\": {\"" + "k".repeat(1001) + "\": 1}}");
        assertThat(name.type()).isEqualTo(ProblemTypes.INPUT_LIMIT);
        assertThat(name.errors()).extracting(FieldError::message).singleElement().asString().startsWith("name length");
        assertThat(name.detail()).doesNotContain("StreamReadConstraints", "`");
    }
}
