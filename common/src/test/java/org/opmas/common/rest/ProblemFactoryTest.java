package org.opmas.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.CompositeException;

class ProblemFactoryTest {

    final ObjectMapper mapper = new ObjectMapper();
    final ProblemFactory problems = new ProblemFactory(mapper);

    @Test
    void problemExceptionsKeepTheirStatusThroughWrappers() {
        Problem notFound = problems.toProblem(new CompletionException(ProblemException.notFound("Device", 42)), "/d/42");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.title()).isEqualTo("Not found");
        assertThat(notFound.detail()).isEqualTo("Device 42 does not exist");
        assertThat(notFound.instance()).isEqualTo("/d/42");

        Problem conflict = problems.toProblem(new CompositeException(new IllegalStateException("x"),
                ProblemException.conflict("Device is being deleted", "status")), null);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errors()).containsExactly(new FieldError("status", "Device is being deleted"));

        Problem bad = problems.toProblem(ProblemException.badRequest("ssh_port", "must be 22 or above 1024"), null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errors()).containsExactly(new FieldError("ssh_port", "must be 22 or above 1024"));
    }

    @Test
    void webApplicationExceptionsKeepTheirStatus() {
        assertThat(problems.toProblem(new NotFoundException(), "/nope").status()).isEqualTo(404);
        Problem notAllowed = problems.toProblem(new NotAllowedException("GET"), "/x");
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.title()).isEqualTo("Method Not Allowed");
    }

    @Test
    void anythingElseIsAnInternalErrorWithoutDetailsOfTheCause() {
        Problem problem = problems.toProblem(new NullPointerException("secret internals"), "/api/v1/devices");
        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.title()).isEqualTo("Internal error");
        assertThat(problem.errorId()).matches("[0-9a-f-]{36}");
        assertThat(problem.detail()).doesNotContain("secret").contains(problem.errorId());
    }

    @Test
    void serializedFormIsRfc9457WithSnakeCaseErrorId() {
        Problem problem = new Problem(ProblemTypes.INTERNAL, "Internal error", 500, "d", "/x", List.of(), "id-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = mapper.convertValue(problem, Map.class);
        assertThat(json).containsOnlyKeys("type", "title", "status", "detail", "instance", "error_id");

        Problem withErrors = new Problem(ProblemTypes.VALIDATION, "Invalid request", 400, null, null,
                List.of(new FieldError("hostname", "must not be blank")), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> json2 = mapper.convertValue(withErrors, Map.class);
        assertThat(json2).containsOnlyKeys("type", "title", "status", "errors");
        assertThat(json2.get("errors")).isEqualTo(List.of(Map.of("field", "hostname", "message", "must not be blank")));
    }

    @Test
    void causeChainExpandsCompositesAndStopsOnCycles() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(ProblemFactory.causeChain(b)).containsExactly(b, a);
    }
}
