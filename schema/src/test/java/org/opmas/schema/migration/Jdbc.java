package org.opmas.schema.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Small JDBC helpers for the schema tests. */
final class Jdbc {

    private Jdbc() {
    }

    static int exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.execute() ? -1 : ps.getUpdateCount();
        }
    }

    /** First column of the first row, or null. */
    @SuppressWarnings("unchecked")
    static <T> T one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? (T) rs.getObject(1) : null;
        }
    }

    /** First column of every row, as strings. */
    static List<String> column(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        Number n = one(c, sql, params);
        return n == null ? 0 : n.longValue();
    }

    /** Runs the statement, asserts it fails, and returns the failure (SQLState + constraint name). */
    static SQLException fails(Connection c, String sql, Object... params) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                exec(c, sql, params);
            } else {
                // keep the surrounding transaction usable
                exec(c, "SAVEPOINT expect_failure");
                try {
                    exec(c, sql, params);
                } finally {
                    exec(c, "ROLLBACK TO SAVEPOINT expect_failure");
                }
            }
        });
        assertThat((Object) e).as("expected failure of: %s", sql).isNotNull();
        return e;
    }

    static void assertFails(Connection c, String sqlState, String sql, Object... params) {
        SQLException e = fails(c, sql, params);
        assertThat(e.getSQLState()).as("SQLState of %s -> %s", sql, e.getMessage()).isEqualTo(sqlState);
    }

    /** Asserts a constraint violation by SQLState and constraint name (what services map to a field). */
    static void assertViolates(Connection c, String sqlState, String constraint, String sql, Object... params) {
        SQLException e = fails(c, sql, params);
        assertThat(e.getSQLState()).as("SQLState of %s -> %s", sql, e.getMessage()).isEqualTo(sqlState);
        String name = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getConstraint() : null;
        assertThat(name).as("constraint of %s -> %s", sql, e.getMessage()).isEqualTo(constraint);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
