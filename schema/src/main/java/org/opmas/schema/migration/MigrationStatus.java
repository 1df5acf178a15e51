package org.opmas.schema.migration;

import java.time.Instant;

/**
 * One line of {@link SchemaMigrator#info()}: a migration known to the classpath or to the history table.
 *
 * @param version           Flyway version, e.g. {@code "3"} or {@code "10.1"}
 * @param description       description from the file name
 * @param script            script name, e.g. {@code V3__findings_partitioned.sql}
 * @param state             Flyway state name (Pending, Success, Failed, Missing, ...)
 * @param installedOn       when it was applied, or {@code null}
 * @param rollbackAvailable whether the matching {@code db/rollback/U<version>__<description>.sql} exists
 */
public record MigrationStatus(String version, String description, String script, String state,
                              Instant installedOn, boolean rollbackAvailable) {
}
