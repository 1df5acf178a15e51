package org.opmas.finding.stats.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.tenant.TenantScope;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Counts of findings per time bucket and group, for dashboards. */
@ApplicationScoped
public class FindingStatsService {

    public static final Map<String, String> GROUPS = Map.of("severity", "severity", "finding_type", "finding_type",
            "device_id", "device_id::text", "status", "status");
    public static final int MAX_BUCKETS = 2000;

    private final Pool pool;
    private final TenantScope tenants;

    public FindingStatsService(Pool pool, TenantScope tenants) {
        this.pool = pool;
        this.tenants = tenants;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bucket(Instant start, long total, Map<String, Long> counts) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Stats(Instant from, Instant to, String bucket, String groupBy, long total, List<Bucket> buckets) {
    }

    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestProblem(field + " must be an RFC 3339 date-time", field, "must be an RFC 3339 date-time");
        }
    }

    /**
     * The statistics query. Whole hours come from the hourly counts (V70_1: {@code finding_counts} plus
     * the not yet compacted {@code finding_count_deltas}), the partial hours at either end from the
     * findings themselves, so the answer is exact for any from/to at the cost of a few hundred rows,
     * not every finding of the range. $1 dimension, [$2, $3) whole hours, [$4, $2) and [$3, $5) raw.
     * Unit and column come from the allow-lists above.
     */
    public static String sql(String unit, String column) {
        // date_trunc on a timestamptz works in the session zone, which is UTC (V1).
        return "SELECT date_trunc('" + unit + "', x.at) AS bucket, x.grp, sum(x.n) AS n FROM ("
                + "SELECT hour AS at, value AS grp, n FROM finding_counts WHERE dimension = $1 AND hour >= $2 AND hour < $3"
                + " UNION ALL SELECT hour, value, delta FROM finding_count_deltas"
                + " WHERE dimension = $1 AND hour >= $2 AND hour < $3"
                + " UNION ALL SELECT created_at, coalesce(" + column + ", ''), 1 FROM findings"
                + " WHERE created_at >= $4 AND created_at < $2"
                + " UNION ALL SELECT created_at, coalesce(" + column + ", ''), 1 FROM findings"
                + " WHERE created_at >= $3 AND created_at < $5"
                + ") x GROUP BY 1, 2 HAVING sum(x.n) <> 0 ORDER BY 1, 2";
    }

    /** The parameters of {@link #sql} for a group and a range [from, to). */
    public static Tuple parameters(String group, Instant from, Instant to) {
        Instant firstWholeHour = from.truncatedTo(ChronoUnit.HOURS);
        if (firstWholeHour.isBefore(from)) {
            firstWholeHour = firstWholeHour.plus(Duration.ofHours(1));
        }
        Instant endOfWholeHours = to.truncatedTo(ChronoUnit.HOURS);
        if (!firstWholeHour.isBefore(endOfWholeHours)) {
            // No whole hour inside: everything from the findings ([from, from) and [from, to)).
            firstWholeHour = from;
            endOfWholeHours = from;
        }
        return Tuple.of(group, firstWholeHour.atOffset(ZoneOffset.UTC), endOfWholeHours.atOffset(ZoneOffset.UTC),
                from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
    }

    public Uni<Stats> stats(Instant from, Instant to, String bucket, String groupBy) {
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(24)) : from;
        String unit = bucket == null ? "hour" : bucket;
        String group = groupBy == null ? "severity" : groupBy;
        if (!unit.equals("hour") && !unit.equals("day")) {
            throw new BadRequestProblem("bucket must be hour or day", "bucket", "must be hour or day");
        }
        String column = GROUPS.get(group);
        if (column == null) {
            throw new BadRequestProblem("group_by must be one of " + GROUPS.keySet().stream().sorted().toList(),
                    "group_by", "must be one of severity, finding_type, device_id, status");
        }
        if (!start.isBefore(end)) {
            throw new BadRequestProblem("from must be before to", "from", "must be before to");
        }
        long buckets = (unit.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS).between(start, end) + 1;
        if (buckets > MAX_BUCKETS) {
            throw new BadRequestProblem("the range spans " + buckets + " " + unit + " buckets; at most " + MAX_BUCKETS,
                    "from", "range too long for bucket " + unit);
        }
        // Counts only the caller's tenant: row-level security filters findings and counts alike.
        return tenants.withTransaction(pool, connection -> connection.preparedQuery(sql(unit, column))
                        .execute(parameters(group, start, end)))
                .map(rows -> {
                    Map<Instant, Map<String, Long>> byBucket = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byBucket.computeIfAbsent(row.getOffsetDateTime("bucket").toInstant(), k -> new LinkedHashMap<>())
                                .put(row.getString("grp"), row.getLong("n"));
                    }
                    List<Bucket> result = new ArrayList<>();
                    long total = 0;
                    for (Map.Entry<Instant, Map<String, Long>> e : byBucket.entrySet()) {
                        long sum = e.getValue().values().stream().mapToLong(Long::longValue).sum();
                        total += sum;
                        result.add(new Bucket(e.getKey(), sum, e.getValue()));
                    }
                    return new Stats(start, end, unit, group, total, result);
                });
    }
}
