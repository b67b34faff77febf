package io.ppml.budget;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One charge as the ledger shows it. */
@Schema(description = "One charge to the tenant's budget: what paid for which release, and the window's spend after it")
public record LedgerEntry(@Schema(description = "The entry's id (a receipt's ledger.entryId)") UUID id,
        @Schema(example = "17", description = "Position in the tenant's ledger, increasing with every charge")
        long sequence,
        @Schema(description = "When the charge was recorded") Instant createdAt,
        @Schema(description = "The API key whose request was charged") @Nullable UUID keyId,
        @Schema(example = "dp.statistics.MEAN", description = "What was charged: dp.noise, "
                + "dp.statistics.<statistic>, dp.datasets.query.<statistic>, he.decrypt or fl.round") String operation,
        @Schema(example = "dataset:5b0c6a1e-3f0e-4d5e-9a63-2f6f1e8a9c10", description = "What was queried: "
                + "dataset:<id>, he-key:<name>/v<version> or <taskId>/<round>; null for values sent in the "
                + "request") @Nullable String resource,
        @Schema(example = "LAPLACE", description = "The noise mechanism: LAPLACE (pure ε) or GAUSSIAN (zCDP ρ, "
                + "or an RDP curve for a subsampled FL round)") String mechanism,
        @Schema(example = "0.5", description = "ε of this charge: what a LAPLACE release adds; for GAUSSIAN the "
                + "release's own ε at its δ, for information") double epsilon,
        @Schema(example = "0", description = "δ of this charge (an FL task charges its δ once per window)")
        double delta,
        @Schema(example = "0", description = "zCDP ρ of this charge; 0 for LAPLACE") double rho,
        @Schema(example = "2f1c9a7e-retry-safe", description = "The request's Idempotency-Key; null when none "
                + "was sent (and for FL rounds)") @Nullable String idempotencyKey,
        @Schema(description = "Start of the budget window the charge was counted in") Instant windowStart,
        @Schema(example = "0.5", description = "ε spent in that window after this charge") double epsilonSpent,
        @Schema(example = "0", description = "δ spent in that window after this charge") double deltaSpent) {
}
