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

    /** The statistics query ($1 = from, $2 = to); unit and column come from the allow-lists above. */
    public static String sql(String unit, String column) {
        // date_trunc on a timestamptz works in the session zone, which is UTC (V1).
        return "SELECT date_trunc('" + unit + "', created_at) AS bucket, coalesce(" + column
                + ", '') AS grp, count(*) AS n FROM findings WHERE created_at >= $1 AND created_at < $2"
                + " GROUP BY 1, 2 ORDER BY 1, 2";
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
        // Counts only the caller's tenant: row-level security filters the rows inside the transaction.
        return tenants.withTransaction(pool, connection -> connection.preparedQuery(sql(unit, column))
                        .execute(Tuple.of(start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC))))
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
