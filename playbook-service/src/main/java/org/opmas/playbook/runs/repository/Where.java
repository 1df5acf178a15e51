package org.opmas.playbook.runs.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A JPQL where clause of {@code field = :field} terms for the list filters that are set. */
final class Where {

    private final List<String> terms = new ArrayList<>();
    private final Map<String, Object> params = new HashMap<>();

    /** Adds {@code field = :field} when {@code value} is set; field names are code constants, never input. */
    Where eq(String field, Object value) {
        if (value != null) {
            terms.add(field + " = :" + field);
            params.put(field, value);
        }
        return this;
    }

    String text() {
        return terms.isEmpty() ? "1 = 1" : String.join(" and ", terms);
    }

    Map<String, Object> params() {
        return params;
    }
}
