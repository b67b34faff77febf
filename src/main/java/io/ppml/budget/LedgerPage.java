package io.ppml.budget;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** Ledger entries, newest first; pass {@code nextCursor} as {@code after} for the next page (null: no more). */
public record LedgerPage(List<LedgerEntry> items,
        @Schema(description = "Pass as ?after= for the next page; absent on the last page", nullable = true)
        @Nullable Long nextCursor) {
}
