package io.ppml.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list: an object rather than a bare array, with where the next page starts. Every list endpoint
 * answers with it and takes {@link Paging}'s {@code limit} and {@code after}.
 */
@Schema(description = "One page of a list; pass nextCursor as ?after= for the next page")
public record Items<T>(
        @Schema(description = "This page's items, in the list's order", requiredMode = Schema.RequiredMode.REQUIRED)
        List<T> items,
        @Schema(description = "Pass as ?after= to get the next page; null on the last page. An opaque string: "
                + "send it back unchanged", nullable = true, example = "AARrZXlzAAAAAGZ3ZwAAAAAA")
        @Nullable String nextCursor) {
}
