package org.opmas.finding.query.service;

import java.util.List;

import org.opmas.finding.finding.FindingRow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A page of findings: offset paging ({@code page}, {@code size}, {@code total}) and the keyset
 * token for the next page ({@code next_cursor}, null on the last page or when sorting by something
 * other than created_at). {@code total} counts the matches up to
 * {@link FindingQueryService#TOTAL_LIMIT} unless the request asked for {@code total=exact};
 * {@code total_exact} is false when there are more than {@code total}. Both are null on cursor
 * requests and with {@code total=none} (counting millions of rows per page would defeat paging).
 */
public record FindingPage(List<FindingRow> items, int page, int size, Long total,
        @JsonProperty("total_exact") Boolean totalExact, @JsonProperty("next_cursor") String nextCursor) {
}
