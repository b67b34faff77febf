package io.ppml.dp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.Statistic;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the differential-privacy endpoints. */
final class DpDtos {

    private DpDtos() {
    }

    @Schema(description = "Values to release with noise: the seed's add_laplace_noise, done safely")
    record NoiseRequest(
            @Schema(example = "[10, 15, 20]", description = "The values to release, each a finite number; at most "
                    + "ppml.dp.max-values (default 1,000,000)") @NotEmpty List<@NotNull Double> values,
            @Schema(example = "5", description = "L1 (Laplace) or L2 (Gaussian) sensitivity of the whole vector")
            @NotNull Double sensitivity,
            @Schema(example = "0.1", description = "The ε this release spends, in [2⁻⁵⁰, 10]; the Laplace scale is "
                    + "sensitivity / ε") @NotNull Double epsilon,
            @Schema(example = "0", description = "0 for LAPLACE; > 0 for GAUSSIAN") @Nullable Double delta,
            @Schema(example = "LAPLACE", defaultValue = "LAPLACE", description = "The noise distribution, sampled "
                    + "exactly on a power-of-two grid: LAPLACE (pure ε-DP) or GAUSSIAN ((ε, δ)-DP, accounted in "
                    + "zCDP)") @Nullable MechanismKind mechanism,
            @Schema(example = "0.95", defaultValue = "0.95", description = "Level of the confidence interval in the "
                    + "answer, in (0, 1)") @Nullable Double confidenceLevel) {
    }

    @Schema(description = "A bounded statistic over values, each one person's")
    record StatisticsRequest(
            @Schema(example = "MEAN", description = "What to release; the fields it needs are named on each field")
            @NotNull Statistic statistic,
            @ArraySchema(arraySchema = @Schema(description = "The data, one value per person: finite numbers, clamped "
                    + "to [lower, upper] (a numeric HISTOGRAM drops values outside its bins instead), or strings for "
                    + "a HISTOGRAM over categories (values not among the categories are dropped). May be empty for "
                    + "COUNT, SUM and HISTOGRAM; at most ppml.dp.max-values (default 1,000,000)"),
                    schema = @Schema(description = "a number, or a string for a HISTOGRAM over categories",
                            example = "42.5", oneOf = {Double.class, String.class}))
            @NotNull List<@NotNull Object> values,
            @Schema(example = "0", description = "Lower clamping bound, finite; required by SUM, MEAN, VARIANCE, "
                    + "STDDEV and QUANTILES, refused by COUNT and HISTOGRAM (which read no bounds)")
            @Nullable Double lower,
            @Schema(example = "100", description = "Upper clamping bound, finite and ≥ lower; required and refused "
                    + "like lower") @Nullable Double upper,
            @Schema(example = "[0.5, 0.9]", description = "QUANTILES only, each in [0, 1]; one noisy quantile each, "
                    + "all for the one ε") @Nullable List<Double> quantiles,
            @Schema(example = "[\"A\", \"B\"]", description = "For a HISTOGRAM over categories")
            @Nullable List<String> categories,
            @Schema(example = "[0, 10, 20, 50]", description = "For a HISTOGRAM over numeric bins: increasing edges")
            @Nullable List<Double> bins,
            @Schema(example = "0.5", description = "The ε this release spends, in [2⁻⁵⁰, 10] (for GAUSSIAN, at "
                    + "delta); a statistic with several parts splits it among them") @NotNull Double epsilon,
            @Schema(example = "0", description = "0 for LAPLACE (the default); in (0, 1) for GAUSSIAN") @Nullable
            Double delta,
            @Schema(example = "LAPLACE", defaultValue = "LAPLACE", description = "The noise distribution: LAPLACE "
                    + "(pure ε-DP) or GAUSSIAN ((ε, δ)-DP, accounted in zCDP)") @Nullable MechanismKind mechanism,
            @Schema(example = "0.95", defaultValue = "0.95", description = "Level of the confidence interval in the "
                    + "answer, in (0, 1)") @Nullable Double confidenceLevel) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Where the true (clamped, noise-free) answer lies with probability ≥ level, computed from "
            + "the noise distribution. For an array or object result, every entry's true value lies within "
            + "± halfWidth of its released one: all at once for the entries of one release (QUANTILES, HISTOGRAM, "
            + "noise), each group at level on its own with groupBy")
    record Interval(
            @Schema(nullable = true, description = "For a single number: the lower end; absent for an array or "
                    + "object result", example = "12.1")
            @Nullable Double lower,
            @Schema(nullable = true, description = "For a single number: the upper end (the interval of a ratio "
                    + "such as a MEAN need not be symmetric); absent for an array or object result", example = "72.0")
            @Nullable Double upper,
            @Schema(example = "29.96", description = "The larger distance from the released value to an end; for an "
                    + "array or object result, the largest over its entries") double halfWidth,
            @Schema(example = "0.95", description = "The confidence level: the request's confidenceLevel")
            double level) {
    }

    @Schema(description = "What a release cost, as the ledger recorded it")
    record Privacy(@Schema(example = "0.5", description = "ε charged. LAPLACE: the request's ε, which the ledger "
                    + "adds up. GAUSSIAN: the request's ε at δ, for information (the ledger adds up ρ)")
            double epsilon,
            @Schema(example = "0", description = "δ charged: 0 for LAPLACE") double delta,
            @Schema(example = "0", description = "zCDP ρ = Δ₂² / (2σ²) charged: 0 for LAPLACE") double rho,
            @Schema(example = "LAPLACE", description = "The noise distribution of the release") MechanismKind
            mechanism) {
    }

    @Schema(description = "The tenant's budget left in its current window, after this release")
    record BudgetLeft(@Schema(example = "9.5", description = "ε left to spend in the current window")
            double epsilonRemaining,
            @Schema(example = "1.0E-5", description = "δ left to spend in the current window")
            double deltaRemaining) {
    }

    @Schema(description = "The noisy values, their noise and cost")
    record NoiseResponse(
            @Schema(example = "[21.7, -4.25, 30.5]", description = "One noisy value per input value, in order")
            List<Double> noisyValues,
            @Schema(example = "50.0", description = "The noise scale: b = sensitivity / ε for LAPLACE, σ for "
                    + "GAUSSIAN") double scale,
            @Schema(description = "The same ± halfWidth around every noisy value, holding for all of them at once")
            Interval confidenceInterval,
            Privacy privacy, BudgetLeft budget,
            @Schema(description = "The receipt of this release: GET /v1/dp/receipts/{id}") UUID receiptId) {
    }

    @Schema(description = "A released statistic, with its confidence interval and cost")
    record StatisticsResponse(@Schema(example = "MEAN", description = "The statistic released") Statistic statistic,
            @Schema(description = "The noisy answer: a number; an array for QUANTILES; an object of bucket → count "
                    + "for HISTOGRAM; per group with groupBy", ref = DpOpenApi.RESULT)
            Object result,
            Interval confidenceInterval, Privacy privacy, BudgetLeft budget,
            @Schema(description = "The receipt of this release: GET /v1/dp/receipts/{id}") UUID receiptId) {
    }

    @Schema(description = "A dry run: give epsilon or a target halfWidth; nothing is spent")
    record PlanRequest(
            @Schema(example = "COUNT", description = "The statistic to plan, as /v1/dp/statistics would release it")
            @NotNull Statistic statistic,
            @Schema(example = "0.5", nullable = true, description = "The ε to spend; give this or halfWidth, not "
                    + "both") @Nullable Double epsilon,
            @Schema(example = "10", nullable = true, description = "Target half-width of the confidence interval")
            @Nullable Double halfWidth,
            @Schema(nullable = true, example = "0", description = "Clamping bounds, as in /v1/dp/statistics: "
                    + "required for SUM, MEAN, VARIANCE, STDDEV and QUANTILES") @Nullable Double lower,
            @Schema(nullable = true, example = "100", description = "Upper clamping bound, as in "
                    + "/v1/dp/statistics") @Nullable Double upper,
            @Schema(example = "0", description = "0 for LAPLACE (the default); in (0, 1) for GAUSSIAN")
            @Nullable Double delta,
            @Schema(example = "LAPLACE", description = "LAPLACE (the default) or GAUSSIAN")
            @Nullable MechanismKind mechanism,
            @Schema(example = "0.95", defaultValue = "0.95", description = "Level of the planned confidence "
                    + "interval, in (0, 1)") @Nullable Double confidenceLevel,
            @Schema(nullable = true, description = "HISTOGRAM only: how many buckets the release will have (its "
                    + "categories, or the intervals between its bins); 1 when absent. All buckets are bounded at "
                    + "once, so more buckets mean a wider interval for each.", example = "4")
            @Nullable @Positive Integer buckets) {
    }

    @Schema(description = "What the planned release would cost and how accurate it would be; nothing was spent")
    record PlanResponse(@Schema(example = "COUNT", description = "The statistic planned") Statistic statistic,
            @Schema(example = "0.2996", description = "The ε the release would be charged: the request's, or the "
                    + "smallest that reaches its halfWidth") double epsilon,
            @Schema(nullable = true, example = "10.0", description = "The planned half-width; null for statistics "
                    + "whose interval depends on the data (MEAN, VARIANCE, STDDEV, QUANTILES)")
            @Nullable Double halfWidth,
            @Schema(example = "0.95", description = "The confidence level of halfWidth") double level,
            @Schema(description = "What the release would cost") Privacy cost,
            @Schema(description = "The budget left now in the current window (the plan spends nothing)")
            BudgetLeft budget,
            @Schema(example = "33", description = "How many such releases the remaining budget pays for")
            long queriesRemaining) {
    }

    @Schema(description = "The record of one release: what was released, how, what it cost and the ledger after it")
    record Receipt(@Schema(description = "The receipt id, as returned by the release (receiptId)") UUID id,
            @Schema(description = "When the release was made") Instant createdAt,
            @Schema(description = "The API key that made the release") @Nullable UUID keyId,
            @Schema(example = "dp.statistics.MEAN", description = "What made the release: dp.noise, "
                    + "dp.statistics.<statistic>, dp.datasets.query.<statistic> or he.decrypt (a DP decrypt)")
            String operation,
            @Schema(example = "MEAN", description = "The statistic; null for dp.noise and "
                    + "he.decrypt") @Nullable Statistic statistic,
            @Schema(example = "dataset:5b0c6a1e-3f0e-4d5e-9a63-2f6f1e8a9c10", description = "What "
                    + "was queried: dataset:<id> or he-key:<name>/v<version>; null for values sent in the request")
            @Nullable String resource,
            @Schema(example = "LAPLACE", description = "The noise distribution") MechanismKind mechanism,
            @Schema(example = "2.0", description = "The noise scale of the main part: b for LAPLACE, σ for "
                    + "GAUSSIAN") double scale,
            @Schema(example = "1.0", description = "The sensitivity the main part was calibrated for") double
            sensitivity,
            @Schema(description = "What the release cost") Privacy privacy,
            @Schema(description = "The released, noisy answer exactly as it was returned", ref = DpOpenApi.RESULT)
            Object released,
            Ledger ledger) {

        @Schema(description = "The tenant's ledger after the charge that paid for this release")
        record Ledger(@Schema(description = "The ledger entry of the charge (GET /v1/budget/ledger)") UUID entryId,
                @Schema(example = "17", description = "The entry's sequence number in the tenant's ledger") long
                sequence,
                @Schema(example = "0.5", description = "ε spent in the budget window after this charge")
                double epsilonSpentAfter,
                @Schema(example = "0", description = "δ spent in the budget window after this charge")
                double deltaSpentAfter) {
        }
    }
}
