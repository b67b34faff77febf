package io.ppml.budget;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A tenant's budget as callers see it: totals, what the current window has spent, and lifetime spend. */
@Schema(description = "The tenant's privacy budget in its current window, and lifetime spend")
public record BudgetView(
        @Schema(description = "ε in the current window. Spent is the tightest of the ledger's sound bounds over "
                + "the window's charges: pure ε added up, zCDP ρ and RDP curves converted at the δ spent")
        Amount epsilon,
        @Schema(description = "δ in the current window") Amount delta,
        @Schema(description = "The budget window: when spend starts again from zero") Window window,
        @Schema(description = "Everything spent since the tenant was created, across windows") Lifetime lifetime) {

    @Schema(description = "A total, what the current window has spent of it, and what is left")
    public record Amount(@Schema(example = "10.0", description = "The tenant's total per window") double total,
            @Schema(example = "0.3", description = "Spent in the current window; never lowered within a window")
            double spent,
            @Schema(example = "9.7", description = "total − spent, never below 0") double remaining) {
    }

    @Schema(description = "The current budget window")
    public record Window(@Schema(example = "P30D", nullable = true, description = "The window's ISO-8601 period; "
            + "null when the budget never resets") @Nullable String period,
            @Schema(nullable = true, example = "2026-12-31T00:00:00Z", description = "When the current window ends "
                    + "and spend restarts from zero; null without a period") @Nullable Instant resetsAt) {
    }

    @Schema(description = "Spend over the tenant's whole life, never reset")
    public record Lifetime(
            @Schema(example = "4.2", description = "ε spent since the tenant was created") double epsilon,
            @Schema(example = "1.0E-6", description = "δ spent since the tenant was created") double delta) {
    }
}
