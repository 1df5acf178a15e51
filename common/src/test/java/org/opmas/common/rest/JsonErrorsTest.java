package org.opmas.common.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

class JsonErrorsTest {

    enum Status {
        ACTIVE, INACTIVE
    }

    record Config(@JsonProperty("ssh_port") int sshPort) {
    }

    record Step(String name, int timeout) {
    }

    record DeviceRequest(String hostname, @JsonProperty("ip_address") String ipAddress,
            Config config, Status status, List<Step> steps) {
    }

    final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private JsonProcessingException parse(String json) {
        return catchThrowableOfType(JsonProcessingException.class, () -> mapper.readValue(json, DeviceRequest.class));
    }

    @Test
    void invalidFormatNamesNestedPath() {
        JsonProcessingException e = parse("{\"config\": {\"ssh_port\": \"abc\"}}");
        assertThat(e).isInstanceOf(InvalidFormatException.class);
        Problem problem = JsonErrors.toProblem(e);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("config.ssh_port");
            assertThat(error.message()).isEqualTo("invalid value \"abc\", expected an integer");
        });
        assertThat(problem.detail()).doesNotContain("java.", "Source", "line:");
    }

    @Test
    void unknownFieldIsNamed() {
        JsonProcessingException e = parse("{\"hostname\": \"r1\", \"colour\": \"red\"}");
        assertThat(e).isInstanceOf(UnrecognizedPropertyException.class);
        assertThat(JsonErrors.toProblem(e).errors()).containsExactly(new FieldError("colour", "unknown field"));
    }

    @Test
    void enumListsAllowedValues() {
        Problem problem = JsonErrors.toProblem(parse("{\"status\": \"broken\"}"));
        assertThat(problem.errors()).containsExactly(
                new FieldError("status", "invalid value \"broken\", expected one of [ACTIVE, INACTIVE]"));
    }

    @Test
    void wrongShapeInArrayElement() {
        JsonProcessingException e = parse("{\"steps\": [{\"name\": \"a\", \"timeout\": 1}, {\"timeout\": [1]}]}");
        assertThat(e).isInstanceOf(MismatchedInputException.class);
        assertThat(JsonErrors.toProblem(e).errors()).extracting(FieldError::field).containsExactly("steps[1].timeout");
    }

    @Test
    void nullForPrimitive() {
        Problem problem = JsonErrors.toProblem(parse("{\"config\": {\"ssh_port\": null}}"));
        assertThat(problem.errors()).containsExactly(new FieldError("config.ssh_port", "must not be null"));
    }

    @Test
    void malformedJsonNamesWhereItBroke() {
        JsonProcessingException e = parse("{\"config\": {\"ssh_port\": 22,, }}");
        Problem problem = JsonErrors.toProblem(e);
        assertThat(problem.type()).isEqualTo(ProblemTypes.MALFORMED_JSON);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).startsWith("Request body is not valid JSON at line 1");
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("config.ssh_port");
    }

    @Test
    void quarkusRestWrapsParseErrorsInWebApplicationException() {
        JsonProcessingException e = parse("{\"hostname\": ");
        WebApplicationException wrapped = new WebApplicationException(e, Response.Status.BAD_REQUEST);
        Problem problem = new ProblemFactory(mapper).toProblem(wrapped, "/api/v1/devices");
        assertThat(problem.type()).isEqualTo(ProblemTypes.MALFORMED_JSON);
        assertThat(problem.instance()).isEqualTo("/api/v1/devices");
    }

    @Test
    void pointerToDottedPath() {
        assertThat(JsonErrors.fromPointer("/config/ports/0/name")).isEqualTo("config.ports[0].name");
        assertThat(JsonErrors.fromPointer("/a~1b")).isEqualTo("a/b");
        assertThat(JsonErrors.fromPointer("")).isNull();
    }
}
