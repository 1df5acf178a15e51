package org.opmas.finding.query.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.NotFoundProblem;
import org.opmas.common.rest.Paging;
import org.opmas.common.rest.SortSpec;
import org.opmas.common.tenant.TenantScope;
import org.opmas.finding.finding.FindingRow;
import org.opmas.finding.finding.FindingStates;
import org.opmas.finding.query.repository.FindingReadRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Validates list parameters and runs the list/count queries. */
@ApplicationScoped
public class FindingQueryService {

    /** Client name → column; only indexed columns. */
    public static final Map<String, String> SORTABLE = sortable();
    public static final SortSpec DEFAULT_SORT = SortSpec.descending("created_at", "created_at");

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_DETAIL_DEPTH = 8;

    private final FindingReadRepository repository;
    private final TenantScope tenants;
    private final Pool pool;

    public FindingQueryService(FindingReadRepository repository, TenantScope tenants, Pool pool) {
        this.repository = repository;
        this.tenants = tenants;
        this.pool = pool;
    }

    private static Map<String, String> sortable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("created_at", "created_at");
        m.put("last_seen_at", "last_seen_at");
        m.put("severity", "severity");
        return m;
    }

    /** Another tenant's finding is invisible (row-level security), so it is a 404 like a missing one. */
    public Uni<FindingRow> get(long id) {
        return tenants.withTransaction(pool, connection -> repository.findById(connection, id))
                .onItem().ifNull().failWith(() -> new NotFoundProblem("finding " + id + " does not exist"));
    }

    /** A first page counts its matches up to this many ({@code total=exact} counts them all). */
    public static final int TOTAL_LIMIT = 1000;
    public static final List<String> TOTAL_MODES = List.of("capped", "exact", "none");

    public Uni<FindingPage> list(FindingQuery query, Paging paging, String cursorToken, String totalMode) {
        String mode = totalMode == null || totalMode.isBlank() ? "capped" : totalMode.trim();
        if (!TOTAL_MODES.contains(mode)) {
            throw oneOf("total", TOTAL_MODES);
        }
        boolean keysetable = "created_at".equals(query.sort().field());
        FindingCursor cursor = null;
        if (cursorToken != null && !cursorToken.isBlank()) {
            if (!keysetable) {
                throw new BadRequestProblem("cursor paging needs sort=created_at", "cursor",
                        "only valid with sort=created_at (asc or desc)");
            }
            if (paging.page() != 0) {
                throw new BadRequestProblem("page and cursor cannot be combined", "page",
                        "must be 0 (or absent) with cursor");
            }
            cursor = FindingCursor.decode(cursorToken);
        }
        FindingCursor from = cursor;
        // Page and total in two tenant transactions side by side (as before on two pooled connections):
        // one transaction would run them one after the other and add the count's time to every page.
        Uni<List<FindingRow>> items = tenants.withTransaction(pool,
                connection -> repository.list(connection, query, from, paging.offset(), paging.size()));
        Integer limit = mode.equals("exact") ? null : TOTAL_LIMIT;
        Uni<Long> total = cursor == null && !mode.equals("none")
                ? tenants.withTransaction(pool, connection -> repository.count(connection, query, limit))
                : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(items, total).asTuple().map(t -> {
            List<FindingRow> rows = t.getItem1();
            String next = null;
            if (keysetable && rows.size() == paging.size()) {
                FindingRow last = rows.get(rows.size() - 1);
                next = new FindingCursor(last.createdAt(), last.id()).encode();
            }
            Long counted = t.getItem2();
            Long pageTotal = counted == null ? null : limit == null ? counted : Math.min(counted, limit);
            Boolean exact = counted == null ? null : limit == null || counted <= limit;
            return new FindingPage(rows, from == null ? paging.page() : 0, paging.size(), pageTotal, exact, next);
        });
    }

    /** Builds and validates the query from request parameters. */
    public static FindingQuery query(Long deviceId, Long agentId, String severity, String minSeverity, String status,
            String findingType, String createdAfter, String createdBefore, String q, String sort,
            Map<String, List<String>> allParameters) {
        if (severity != null && !FindingStates.SEVERITIES.contains(severity)) {
            throw oneOf("severity", FindingStates.SEVERITIES);
        }
        if (minSeverity != null && !FindingStates.SEVERITIES.contains(minSeverity)) {
            throw oneOf("min_severity", FindingStates.SEVERITIES);
        }
        if (status != null && !FindingStates.STATUSES.contains(status)) {
            throw oneOf("status", FindingStates.STATUSES);
        }
        Instant after = instant("created_after", createdAfter);
        Instant before = instant("created_before", createdBefore);
        if (after != null && before != null && !after.isBefore(before)) {
            throw new BadRequestProblem("created_after must be before created_before", "created_after",
                    "must be before created_before");
        }
        String text = q == null || q.isBlank() ? null : q.trim();
        return new FindingQuery(deviceId, agentId, severity, minSeverity, status, findingType, after, before, text,
                details(allParameters), SortSpec.parse(sort, SORTABLE, DEFAULT_SORT));
    }

    /**
     * {@code details.a.b=x} parameters as the containment document {@code {"a":{"b":"x"}}}. Path
     * segments are letters, digits and underscore only.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> details(Map<String, List<String>> parameters) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (parameters == null) {
            return document;
        }
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            String name = entry.getKey();
            if (!name.startsWith("details.") && !name.equals("details")) {
                continue;
            }
            String[] segments = name.equals("details") ? new String[0] : name.substring("details.".length()).split("\\.", -1);
            if (segments.length == 0 || segments.length > MAX_DETAIL_DEPTH) {
                throw new BadRequestProblem(name + " must name a path: details.<key>[.<key>...] (at most "
                        + MAX_DETAIL_DEPTH + " levels)", name, "must be details.<key>[.<key>...]");
            }
            for (String segment : segments) {
                if (!SEGMENT.matcher(segment).matches()) {
                    throw new BadRequestProblem(name + ": path segment '" + segment
                            + "' must be 1-64 letters, digits or underscores", name,
                            "path segments must be letters, digits or underscores");
                }
            }
            List<String> values = entry.getValue();
            if (values == null || values.size() != 1) {
                throw new BadRequestProblem(name + " must be given once", name, "must be given once");
            }
            Map<String, Object> node = document;
            for (int i = 0; i < segments.length - 1; i++) {
                Object child = node.get(segments[i]);
                if (!(child instanceof Map)) {
                    if (child != null) {
                        throw new BadRequestProblem(name + " clashes with another details parameter", name,
                                "clashes with another details parameter");
                    }
                    child = new LinkedHashMap<String, Object>();
                    node.put(segments[i], child);
                }
                node = (Map<String, Object>) child;
            }
            String leaf = segments[segments.length - 1];
            if (node.get(leaf) instanceof Map) {
                throw new BadRequestProblem(name + " clashes with another details parameter", name,
                        "clashes with another details parameter");
            }
            node.put(leaf, values.get(0));
        }
        return document;
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(field + " must be an RFC 3339 date-time (e.g. 2026-11-27T00:00:00Z)", field,
                    "must be an RFC 3339 date-time");
        }
    }

    private static BadRequestProblem oneOf(String field, List<String> allowed) {
        return new BadRequestProblem(field + " must be one of " + allowed, field, "must be one of " + allowed);
    }
}
