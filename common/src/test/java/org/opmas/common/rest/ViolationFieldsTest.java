package org.opmas.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

class ViolationFieldsTest {

    record Config(@JsonProperty("ssh_port") @Max(65535) Integer sshPort) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Step(@NotBlank String commandTemplate) {
    }

    record DeviceRequest(
            @NotBlank String hostname,
            @JsonProperty("ip_address") @Pattern(regexp = "[0-9.]+") String ipAddress,
            @Valid Config config,
            List<@Valid Step> steps,
            List<@NotBlank String> tags) {
    }

    public static class Resource {
        public void create(@NotNull @Valid DeviceRequest request) {
        }

        public void list(@QueryParam("page_size") @Max(500) int size, @Max(3) int retries) {
        }
    }

    static ValidatorFactory factory;
    static Validator validator;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void methodParameterPrefixIsStrippedAndJsonNamesAreUsed() throws Exception {
        DeviceRequest request = new DeviceRequest(" ", "not-an-ip", new Config(70000),
                List.of(new Step("ok"), new Step("")), List.of("a", ""));
        Method create = Resource.class.getMethod("create", DeviceRequest.class);
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables()
                .validateParameters(new Resource(), create, new Object[] {request});

        assertThat(violations).extracting(v -> v.getPropertyPath().toString())
                .contains("create.request.hostname", "create.request.config.sshPort");
        assertThat(violations).extracting(v -> ViolationFields.fieldOf(v, mapper))
                .containsExactlyInAnyOrder("hostname", "ip_address", "config.ssh_port",
                        "steps[1].command_template", "tags[1]");
    }

    @Test
    void nullBodyIsNamedByItsParameter() throws Exception {
        Method create = Resource.class.getMethod("create", DeviceRequest.class);
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables()
                .validateParameters(new Resource(), create, new Object[] {null});
        assertThat(violations).extracting(v -> ViolationFields.fieldOf(v, mapper)).containsExactly("request");
    }

    @Test
    void queryParametersUseTheirWireName() throws Exception {
        Method list = Resource.class.getMethod("list", int.class, int.class);
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables()
                .validateParameters(new Resource(), list, new Object[] {501, 4});
        assertThat(violations).extracting(v -> ViolationFields.fieldOf(v, mapper))
                .containsExactlyInAnyOrder("page_size", "retries");
    }

    @Test
    void beanValidationWithoutMethod() {
        Set<ConstraintViolation<DeviceRequest>> violations = validator.validate(
                new DeviceRequest("r1", "10.0.0.x", new Config(1), List.of(), List.of()));
        assertThat(violations).extracting(v -> ViolationFields.fieldOf(v, mapper)).containsExactly("ip_address");
    }

    @Test
    void problemNamesEachFieldSorted() throws Exception {
        Method create = Resource.class.getMethod("create", DeviceRequest.class);
        Set<ConstraintViolation<Resource>> violations = validator.forExecutables()
                .validateParameters(new Resource(), create,
                        new Object[] {new DeviceRequest("", "x", new Config(70000), null, null)});
        Problem problem = new ProblemFactory(mapper)
                .toProblem(new ConstraintViolationException(violations), "/api/v1/devices");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).isEqualTo(ProblemTypes.VALIDATION);
        assertThat(problem.instance()).isEqualTo("/api/v1/devices");
        assertThat(problem.errorId()).isNull();
        assertThat(problem.errors()).extracting(FieldError::field)
                .containsExactly("config.ssh_port", "hostname", "ip_address");
        assertThat(problem.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }

    @Test
    void stripExecutablePrefixOfAPathString() {
        assertThat(ViolationFields.stripExecutablePrefix("create.request.hostname", true)).isEqualTo("hostname");
        assertThat(ViolationFields.stripExecutablePrefix("create.request.config.sshPort", true))
                .isEqualTo("config.sshPort");
        assertThat(ViolationFields.stripExecutablePrefix("list.size", true)).isEqualTo("size");
        assertThat(ViolationFields.stripExecutablePrefix("hostname", false)).isEqualTo("hostname");
    }
}
