package org.opmas.common.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void defaultsAndOffset() {
        Paging paging = Paging.of(null, null);
        assertThat(paging).isEqualTo(new Paging(0, Paging.DEFAULT_SIZE));
        assertThat(Paging.of(3, 500).offset()).isEqualTo(1500);
        assertThat(Paging.of(Integer.MAX_VALUE, 500).offset()).isEqualTo(Integer.MAX_VALUE * 500L);
    }

    @Test
    void invalidPageOrSizeNamesTheParameter() {
        assertThatThrownBy(() -> Paging.of(-1, 10)).isInstanceOf(BadRequestProblem.class)
                .satisfies(e -> assertThat(((ProblemException) e).errors()).extracting(FieldError::field)
                        .containsExactly("page"));
        for (int size : new int[] {0, 501, -5}) {
            assertThatThrownBy(() -> Paging.of(0, size)).isInstanceOf(BadRequestProblem.class)
                    .satisfies(e -> assertThat(((ProblemException) e).errors()).extracting(FieldError::field)
                            .containsExactly("size"));
        }
        assertThat(Paging.of(0, 1).size()).isEqualTo(1);
    }

    @Test
    void sortIsParsedAgainstTheAllowList() {
        Map<String, String> allowed = new LinkedHashMap<>();
        allowed.put("created_at", "createdAt");
        allowed.put("hostname", "hostname");
        SortSpec fallback = SortSpec.descending("created_at", "createdAt");

        assertThat(SortSpec.parse(null, allowed, fallback)).isSameAs(fallback);
        assertThat(SortSpec.parse(" ", allowed, fallback)).isSameAs(fallback);
        assertThat(SortSpec.parse("hostname", allowed, fallback)).isEqualTo(new SortSpec("hostname", "hostname", true));
        assertThat(SortSpec.parse("created_at,DESC", allowed, fallback))
                .isEqualTo(new SortSpec("created_at", "createdAt", false));
        assertThat(SortSpec.parse("created_at,desc", allowed, fallback).direction()).isEqualTo("DESC");
        assertThat(SortSpec.parse("created_at,asc", allowed, fallback).toString()).isEqualTo("created_at,asc");
        assertThat(SortSpec.parse("hostname,asc", Set.of("hostname"), fallback).property()).isEqualTo("hostname");
    }

    @Test
    void badSortNamesSortAndTheAllowedFields() {
        Map<String, String> allowed = Map.of("hostname", "hostname");
        for (String bad : List.of("password", "hostname,up", "hostname,asc,x", "hostname;drop table")) {
            assertThatThrownBy(() -> SortSpec.parse(bad, allowed, null))
                    .isInstanceOf(BadRequestProblem.class)
                    .satisfies(e -> {
                        ProblemException problem = (ProblemException) e;
                        assertThat(problem.status()).isEqualTo(400);
                        assertThat(problem.errors()).singleElement().satisfies(fe -> {
                            assertThat(fe.field()).isEqualTo("sort");
                            assertThat(fe.message()).contains("allowed: hostname");
                        });
                    });
        }
    }

    @Test
    void pageResponseCarriesTotalAndMaps() {
        PageResponse<Integer> page = PageResponse.of(List.of(1, 2), Paging.of(1, 2), 5);
        assertThat(page.map(String::valueOf)).isEqualTo(new PageResponse<>(List.of("1", "2"), 1, 2, 5));
    }
}
