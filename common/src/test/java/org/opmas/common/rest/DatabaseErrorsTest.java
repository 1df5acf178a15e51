package org.opmas.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.pgclient.PgException;

class DatabaseErrorsTest {

    final ProblemFactory problems = new ProblemFactory(new ObjectMapper());

    static PgException pg(String sqlState, String message, String detail, String table, String column,
            String constraint) {
        return new PgException(message, "ERROR", sqlState, detail, null, null, null, null, null, null, null, null,
                "public", table, column, null, constraint);
    }

    @Test
    void uniqueViolationIsConflictNamingTheColumn() {
        PgException e = pg("23505", "duplicate key value violates unique constraint \"devices_hostname_key\"",
                "Key (hostname)=(r1) already exists.", "devices", null, "devices_hostname_key");
        Problem problem = problems.toProblem(new PersistenceException("could not execute", e), "/api/v1/devices");
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.type()).isEqualTo(ProblemTypes.CONFLICT);
        assertThat(problem.detail()).contains("hostname").contains("devices_hostname_key").doesNotContain("r1");
        assertThat(problem.errors()).containsExactly(new FieldError("hostname", "already exists"));
    }

    @Test
    void compositeUniqueKeyNamesEveryColumn() {
        PgException e = pg("23505", "duplicate key", "Key (agent_id, name)=(1, x) already exists.", "agent_rules",
                null, "agent_rules_agent_id_name_key");
        assertThat(problems.toProblem(e, null).errors()).extracting(FieldError::field)
                .containsExactly("agent_id", "name");
    }

    @Test
    void foreignKeyViolationsAreConflicts() {
        PgException missing = pg("23503", "insert or update violates foreign key constraint",
                "Key (agent_id)=(99) is not present in table \"agents\".", "agent_rules", null,
                "agent_rules_agent_id_fkey");
        Problem problem = problems.toProblem(missing, null);
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("agent_id");

        PgException referenced = pg("23503", "update or delete violates foreign key constraint",
                "Key (id)=(1) is still referenced from table \"playbook_steps\".", "playbooks", null,
                "playbook_steps_playbook_id_fkey");
        Problem deleting = problems.toProblem(referenced, null);
        assertThat(deleting.status()).isEqualTo(409);
        assertThat(deleting.detail()).contains("playbook_steps");
    }

    @Test
    void checkViolationIsBadRequestNamingTheGuardedColumn() {
        PgException e = pg("23514", "new row violates check constraint \"devices_status_check\"",
                "Failing row contains (...)", "devices", null, "devices_status_check");
        Problem problem = problems.toProblem(e, null);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("status");
        assertThat(problem.detail()).contains("devices_status_check").doesNotContain("Failing row");
    }

    @Test
    void invalidTextRepresentationIsBadRequest() {
        PgException e = pg("22P02", "invalid input syntax for type inet: \"10.0.0.300\"", null, null, null, null);
        Problem problem = problems.toProblem(new CompletionException(new PersistenceException(e)), null);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("Invalid value: invalid input syntax for type inet: \"10.0.0.300\"");
    }

    @Test
    void notNullNamesTheColumn() {
        Problem problem = problems.toProblem(pg("23502", "null value in column \"hostname\"", null, "devices",
                "hostname", null), null);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).containsExactly(new FieldError("hostname", "must not be null"));
    }

    @Test
    void hibernateWrappingWithoutPgExceptionStillMaps() {
        SQLException sql = new SQLException("ERROR: duplicate key value violates unique constraint (23505)", "23505");
        org.hibernate.exception.ConstraintViolationException hibernate =
                new org.hibernate.exception.ConstraintViolationException("could not execute statement [insert ...]",
                        sql, "insert into devices ...", "devices_hostname_key");
        Problem problem = problems.toProblem(hibernate, null);
        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.detail()).contains("devices_hostname_key").doesNotContain("insert");
        assertThat(ProblemFactory.databaseError(hibernate).orElseThrow().wantsConstraintColumns()).isTrue();

        Problem named = problems.toProblem(hibernate, null, java.util.List.of("hostname"));
        assertThat(named.errors()).containsExactly(new FieldError("hostname", "already exists"));
    }

    @Test
    void notNullColumnFromTheMessageWhenTheFieldIsLost() {
        SQLException sql = new SQLException(
                "ERROR: null value in column \"hostname\" of relation \"devices\" violates not-null constraint (23502)",
                "23502");
        Problem problem = problems.toProblem(new PersistenceException(sql), null);
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).containsExactly(new FieldError("hostname", "must not be null"));
    }

    @Test
    void rowLevelSecurityRefusalIsForbidden() {
        Problem problem = problems.toProblem(pg("42501",
                "new row violates row-level security policy for table \"opmas_config\"", null, null, null, null),
                null);
        assertThat(problem.status()).isEqualTo(403);
    }

    @Test
    void otherDatabaseErrorsAreInternalWithErrorId() {
        Problem problem = problems.toProblem(pg("42P01", "relation \"nope\" does not exist", null, null, null, null),
                "/x");
        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.errorId()).isNotBlank();
        assertThat(problem.detail()).contains(problem.errorId()).doesNotContain("nope");
    }

    @Test
    void connectionTroubleIsUnavailable() {
        Problem problem = problems.toProblem(pg("57P01", "terminating connection due to administrator command",
                null, null, null, null), null);
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.errorId()).isNotBlank();
    }

    @Test
    void checkedColumnFromConstraintName() {
        assertThat(DatabaseErrors.checkedColumn("devices_status_check", "devices")).isEqualTo("status");
        assertThat(DatabaseErrors.checkedColumn("valid_port", "devices")).isEqualTo("valid_port");
        assertThat(DatabaseErrors.checkedColumn(null, "devices")).isNull();
    }
}
