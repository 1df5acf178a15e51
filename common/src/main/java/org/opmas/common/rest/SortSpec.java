package org.opmas.common.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.quarkus.panache.common.Sort;

/**
 * A validated {@code sort=field,asc|desc} query parameter. The field must be on the endpoint's
 * allow-list, which maps the name clients use to the entity property or column to order by; that
 * keeps unindexed or internal columns out and makes the value safe to put into a query.
 *
 * @param field     the name the client used ({@code created_at})
 * @param property  what to order by ({@code createdAt} or {@code created_at})
 * @param ascending direction
 */
public record SortSpec(String field, String property, boolean ascending) {

    /**
     * Parses {@code sort}; null or blank gives {@code defaultSort}. The direction is optional and
     * defaults to ascending.
     *
     * @param allowed client name to property, in the order documentation should list them
     */
    public static SortSpec parse(String sort, Map<String, String> allowed, SortSpec defaultSort) {
        if (sort == null || sort.isBlank()) {
            return defaultSort;
        }
        String[] parts = sort.split(",", -1);
        if (parts.length > 2) {
            throw invalid(allowed, "must be field or field,asc|desc");
        }
        String field = parts[0].trim();
        String property = allowed.get(field);
        if (property == null) {
            throw invalid(allowed, "cannot sort by '" + field + "'");
        }
        boolean ascending = true;
        if (parts.length == 2) {
            String direction = parts[1].trim().toLowerCase(Locale.ROOT);
            if (direction.equals("desc")) {
                ascending = false;
            } else if (!direction.equals("asc")) {
                throw invalid(allowed, "direction must be asc or desc");
            }
        }
        return new SortSpec(field, property, ascending);
    }

    /** Same names on the wire and in the query. */
    public static SortSpec parse(String sort, Set<String> allowed, SortSpec defaultSort) {
        Map<String, String> identity = new LinkedHashMap<>();
        allowed.stream().sorted().forEach(name -> identity.put(name, name));
        return parse(sort, identity, defaultSort);
    }

    public static SortSpec ascending(String field, String property) {
        return new SortSpec(field, property, true);
    }

    public static SortSpec descending(String field, String property) {
        return new SortSpec(field, property, false);
    }

    /** {@code ASC} or {@code DESC}, for SQL built from the allow-listed property. */
    public String direction() {
        return ascending ? "ASC" : "DESC";
    }

    public Sort toPanache() {
        return Sort.by(property, ascending ? Sort.Direction.Ascending : Sort.Direction.Descending);
    }

    /** The query-parameter form, {@code field,asc}. */
    @Override
    public String toString() {
        return field + "," + (ascending ? "asc" : "desc");
    }

    private static BadRequestProblem invalid(Map<String, String> allowed, String why) {
        String message = why + "; allowed: " + String.join(", ", allowed.keySet());
        return new BadRequestProblem("sort " + message, "sort", message);
    }
}
