package org.opmas.finding.query.service;

import java.util.List;

import org.opmas.finding.finding.FindingRow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A page of findings: offset paging ({@code page}, {@code size}, {@code total}) and the keyset
 * token for the next page ({@code next_cursor}, null on the last page or when sorting by something
 * other than created_at). {@code total} is null on cursor requests (counting millions of rows per
 * page would defeat keyset paging).
 */
public record FindingPage(List<FindingRow> items, int page, int size, Long total,
        @JsonProperty("next_cursor") String nextCursor) {
}
