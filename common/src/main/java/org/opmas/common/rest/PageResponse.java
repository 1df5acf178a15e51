package org.opmas.common.rest;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list endpoint: {@code page} is zero-based, {@code total} counts every match of
 * the filters (not just this page), so a client can compute the number of pages.
 */
public record PageResponse<T>(List<T> items, int page, int size, long total) {

    public PageResponse {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static <T> PageResponse<T> of(List<T> items, Paging paging, long total) {
        return new PageResponse<>(items, paging.page(), paging.size(), total);
    }

    public <R> PageResponse<R> map(Function<? super T, ? extends R> mapping) {
        return new PageResponse<>(items.stream().<R>map(mapping).toList(), page, size, total);
    }
}
