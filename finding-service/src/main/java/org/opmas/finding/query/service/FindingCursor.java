package org.opmas.finding.query.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.opmas.common.rest.BadRequestProblem;

/**
 * Opaque keyset position (created_at, id) of the last row of a page. Microseconds are exact in
 * PostgreSQL, so the next page starts strictly after that row: no gaps, no duplicates, however
 * many rows are inserted meanwhile.
 */
public record FindingCursor(Instant createdAt, long id) {

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + micros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static FindingCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3 || !"v1".equals(parts[0])) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            return new FindingCursor(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS),
                    Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new BadRequestProblem("cursor is not a cursor this API returned", "cursor",
                    "is not a cursor this API returned");
        }
    }
}
