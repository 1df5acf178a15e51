package org.opmas.common.rest;

/**
 * Validated {@code page}/{@code size} query parameters. Invalid values are a 400 naming the
 * parameter, never silently clamped: a client asking for size 10000 should learn the limit.
 */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public Paging {
        if (page < 0) {
            throw new BadRequestProblem("page must be 0 or greater", "page", "must be 0 or greater");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new BadRequestProblem("size must be between 1 and " + MAX_SIZE, "size",
                    "must be between 1 and " + MAX_SIZE);
        }
    }

    /** From optional query parameters; missing ones take page 0 and {@link #DEFAULT_SIZE}. */
    public static Paging of(Integer page, Integer size) {
        return new Paging(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
    }

    public static Paging of(Integer page, Integer size, int defaultSize) {
        return new Paging(page == null ? 0 : page, size == null ? defaultSize : size);
    }

    /** Rows to skip: {@code page * size}, as a long so a large page cannot overflow. */
    public long offset() {
        return (long) page * size;
    }

    /** For Panache: {@code query.page(paging.toPanache())}. */
    public io.quarkus.panache.common.Page toPanache() {
        return io.quarkus.panache.common.Page.of(page, size);
    }
}
