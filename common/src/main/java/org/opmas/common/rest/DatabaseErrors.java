package org.opmas.common.rest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.pgclient.PgException;

/**
 * PostgreSQL errors as problems. The reactive client reports them as {@link PgException}, which
 * Hibernate Reactive may wrap in a {@code PersistenceException} or an
 * {@code org.hibernate.exception.ConstraintViolationException}; the SQLState decides the status,
 * and the constraint and column PostgreSQL names become the field.
 */
public final class DatabaseErrors {

    /** {@code Key (hostname)=(r1) already exists.} / {@code Key (a, b)=(1, 2) is not present ...} */
    private static final Pattern KEY_COLUMNS = Pattern.compile("Key \\(([^)]+)\\)=");

    /** {@code null value in column "hostname" of relation "devices" violates not-null constraint} */
    private static final Pattern MESSAGE_COLUMN = Pattern.compile("column \"([^\"]+)\"");

    /**
     * What PostgreSQL said about a failed statement; any part but the SQLState may be null.
     * {@code constraintColumns} are the constraint's columns from the catalog, for when the detail
     * naming them was lost on the way (see {@link ConstraintColumns}).
     */
    public record DbError(String sqlState, String constraint, String table, String column, String detail,
            String message, List<String> constraintColumns) {

        public DbError {
            constraintColumns = constraintColumns == null ? List.of() : List.copyOf(constraintColumns);
        }

        public DbError(String sqlState, String constraint, String table, String column, String detail,
                String message) {
            this(sqlState, constraint, table, column, detail, message, List.of());
        }

        public DbError withConstraintColumns(List<String> columns) {
            return new DbError(sqlState, constraint, table, column, detail, message, columns);
        }

        /** The column PostgreSQL names, from the error field or else from its message. */
        public String namedColumn() {
            if (column != null) {
                return column;
            }
            if (message != null) {
                Matcher m = MESSAGE_COLUMN.matcher(message);
                if (m.find()) {
                    return m.group(1);
                }
            }
            return null;
        }

        /** True when the error names no column, so the constraint's columns would help. */
        public boolean wantsConstraintColumns() {
            return constraint != null && constraintColumns.isEmpty() && keyColumns(this).isEmpty();
        }
    }

    private DatabaseErrors() {
    }

    /** The most informative database error in a cause chain, PgException first. */
    public static Optional<DbError> find(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return Optional.of(new DbError(pg.getSqlState(), pg.getConstraint(), pg.getTable(), pg.getColumn(),
                        pg.getDetail(), pg.getErrorMessage()));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null) {
                String constraint = t instanceof org.hibernate.exception.ConstraintViolationException cve
                        ? cve.getConstraintName() : null;
                // JDBCException's own message carries the SQL text; the wrapped SQLException's does not.
                String message = jdbc.getSQLException() == null ? null : jdbc.getSQLException().getMessage();
                return Optional.of(new DbError(jdbc.getSQLState(), constraint, null, null, null, message));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(new DbError(sql.getSQLState(), null, null, null, null, sql.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** The problem for a database error, or empty when it is not the client's doing (then: 500). */
    public static Optional<Problem> toProblem(DbError e) {
        String state = e.sqlState();
        if (state == null) {
            return Optional.empty();
        }
        List<String> keyColumns = keyColumns(e);
        String constraintText = e.constraint() == null ? "" : " (constraint " + e.constraint() + ")";
        return switch (state) {
            case "23505" -> {
                String fields = keyColumns.isEmpty() ? null : String.join(", ", keyColumns);
                String message = "already exists";
                yield Optional.of(problem(409, ProblemTypes.CONFLICT, "Conflict",
                        (fields == null ? "A record with these values" : "A record with this " + fields)
                                + " already exists" + constraintText,
                        fieldErrors(keyColumns, message)));
            }
            case "23503" -> {
                boolean stillReferenced = e.detail() != null && e.detail().contains("is still referenced");
                String message = stillReferenced ? "is still referenced" : "refers to a record that does not exist";
                String detail = stillReferenced
                        ? "The record is still referenced by " + quoteTable(e.detail(), e.table()) + constraintText
                        : (keyColumns.isEmpty() ? "A referenced record" : String.join(", ", keyColumns))
                                + " refers to a record that does not exist" + constraintText;
                yield Optional.of(problem(409, ProblemTypes.CONFLICT, "Conflict", detail,
                        stillReferenced ? List.of() : fieldErrors(keyColumns, message)));
            }
            case "23514" -> {
                String field = e.constraintColumns().size() == 1 ? e.constraintColumns().get(0)
                        : checkedColumn(e.constraint(), e.table());
                yield Optional.of(problem(400, ProblemTypes.VALIDATION, "Invalid request",
                        "A value violates a check" + constraintText,
                        List.of(new FieldError(field, "violates " + (e.constraint() == null ? "a check constraint"
                                : "check " + e.constraint())))));
            }
            case "23502" -> Optional.of(problem(400, ProblemTypes.VALIDATION, "Invalid request",
                    (e.namedColumn() == null ? "A required value" : e.namedColumn()) + " must not be null",
                    List.of(new FieldError(e.namedColumn(), "must not be null"))));
            case "23P01" -> Optional.of(problem(409, ProblemTypes.CONFLICT, "Conflict",
                    "The record overlaps an existing one" + constraintText, List.of()));
            case "22P02", "22001", "22003", "22007", "22008", "22023", "2201X", "2201W" ->
                // PostgreSQL does not name the column for these; its message names the type and value.
                Optional.of(problem(400, ProblemTypes.VALIDATION, "Invalid request",
                        "Invalid value: " + shortMessage(e),
                        List.of(new FieldError(e.column(), shortMessage(e)))));
            case "40001", "40P01", "55P03" -> Optional.of(problem(409, ProblemTypes.CONFLICT, "Conflict",
                    "A concurrent change got in the way; retry the request", List.of()));
            case "42501" -> Optional.of(problem(403, ProblemTypes.FORBIDDEN, "Forbidden",
                    "This service may not make that change", List.of()));
            default -> Optional.empty();
        };
    }

    /** The 503 for a database that cannot be reached or is shutting down, by SQLState class. */
    public static boolean isUnavailable(DbError e) {
        String state = e.sqlState();
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
    }

    /** Columns of the key PostgreSQL names in a unique or foreign-key violation. */
    static List<String> keyColumns(DbError e) {
        List<String> columns = new ArrayList<>();
        for (String text : new String[] {e.detail(), e.message()}) {
            if (text == null) {
                continue;
            }
            Matcher m = KEY_COLUMNS.matcher(text);
            if (m.find()) {
                for (String column : m.group(1).split(",")) {
                    String name = column.trim();
                    if (name.startsWith("lower(") && name.endsWith(")")) {
                        name = name.substring(6, name.length() - 1);
                    }
                    if (!name.isEmpty()) {
                        columns.add(name);
                    }
                }
                return columns;
            }
        }
        if (!e.constraintColumns().isEmpty()) {
            return e.constraintColumns();
        }
        if (e.column() != null) {
            columns.add(e.column());
        }
        return columns;
    }

    /**
     * The column a check constraint guards, from PostgreSQL's default name
     * {@code <table>_<column>_check}; otherwise the constraint name itself.
     */
    static String checkedColumn(String constraint, String table) {
        if (constraint == null) {
            return null;
        }
        String name = constraint;
        if (table != null && name.startsWith(table + "_")) {
            name = name.substring(table.length() + 1);
        }
        if (name.endsWith("_check")) {
            name = name.substring(0, name.length() - "_check".length());
        }
        return name.isEmpty() ? constraint : name;
    }

    private static String quoteTable(String detail, String table) {
        Matcher m = Pattern.compile("referenced from table \"([^\"]+)\"").matcher(detail == null ? "" : detail);
        if (m.find()) {
            return m.group(1);
        }
        return table == null ? "another record" : table;
    }

    static String shortMessage(DbError e) {
        String message = e.message() == null ? "invalid value" : e.message();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.startsWith("ERROR: ")) {
            message = message.substring("ERROR: ".length());
        }
        return message.replaceFirst("\\s*\\([0-9A-Z]{5}\\)$", "");
    }

    private static List<FieldError> fieldErrors(List<String> columns, String message) {
        if (columns.isEmpty()) {
            return List.of(new FieldError(null, message));
        }
        return columns.stream().map(c -> new FieldError(c, message)).toList();
    }

    private static Problem problem(int status, String type, String title, String detail, List<FieldError> errors) {
        return new Problem(type, title, status, detail, null, errors, null);
    }
}
