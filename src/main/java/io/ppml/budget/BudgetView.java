package io.ppml.budget;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A tenant's budget as callers see it: totals, what the current window has spent, and lifetime spend. */
@Schema(description = "The tenant's privacy budget in its current window, and lifetime spend")
public record BudgetView(Amount epsilon, Amount delta, Window window, Lifetime lifetime) {

    public record Amount(@Schema(example = "10.0") double total, @Schema(example = "0.3") double spent,
            @Schema(example = "9.7") double remaining) {
    }

    public record Window(@Schema(example = "P30D", nullable = true) @Nullable String period,
            @Schema(nullable = true) @Nullable Instant resetsAt) {
    }

    public record Lifetime(@Schema(example = "4.2") double epsilon, @Schema(example = "1.0E-6") double delta) {
    }
}
