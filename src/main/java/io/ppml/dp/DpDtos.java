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
            @Schema(example = "[10, 15, 20]") @NotEmpty List<@NotNull Double> values,
            @Schema(example = "5", description = "L1 (Laplace) or L2 (Gaussian) sensitivity of the whole vector")
            @NotNull Double sensitivity,
            @Schema(example = "0.1") @NotNull Double epsilon,
            @Schema(example = "0", description = "0 for LAPLACE; > 0 for GAUSSIAN") @Nullable Double delta,
            @Schema(example = "LAPLACE", defaultValue = "LAPLACE") @Nullable MechanismKind mechanism,
            @Schema(example = "0.95", defaultValue = "0.95") @Nullable Double confidenceLevel) {
    }

    @Schema(description = "A bounded statistic over values, each one person's")
    record StatisticsRequest(
            @Schema(example = "MEAN") @NotNull Statistic statistic,
            @ArraySchema(schema = @Schema(description = "a number, or a string for a HISTOGRAM over categories",
                    example = "42.5"))
            @NotNull List<@NotNull Object> values,
            @Schema(example = "0", description = "Clamping bound; required by SUM, MEAN, VARIANCE, STDDEV and "
                    + "QUANTILES, refused by COUNT and HISTOGRAM (which read no bounds)") @Nullable Double lower,
            @Schema(example = "100") @Nullable Double upper,
            @Schema(example = "[0.5, 0.9]", description = "QUANTILES only, each in [0, 1]")
            @Nullable List<Double> quantiles,
            @Schema(example = "[\"A\", \"B\"]", description = "For a HISTOGRAM over categories")
            @Nullable List<String> categories,
            @Schema(example = "[0, 10, 20, 50]", description = "For a HISTOGRAM over numeric bins: increasing edges")
            @Nullable List<Double> bins,
            @Schema(example = "0.5") @NotNull Double epsilon,
            @Schema(example = "0") @Nullable Double delta,
            @Schema(example = "LAPLACE", defaultValue = "LAPLACE") @Nullable MechanismKind mechanism,
            @Schema(example = "0.95", defaultValue = "0.95") @Nullable Double confidenceLevel) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Interval(
            @Schema(nullable = true, description = "For a single number: result − halfWidth") @Nullable Double lower,
            @Schema(nullable = true) @Nullable Double upper,
            @Schema(example = "29.96") double halfWidth,
            @Schema(example = "0.95") double level) {
    }

    record Privacy(@Schema(example = "0.5") double epsilon, @Schema(example = "0") double delta,
            @Schema(example = "0") double rho, MechanismKind mechanism) {
    }

    record BudgetLeft(@Schema(example = "9.5") double epsilonRemaining,
            @Schema(example = "1.0E-5") double deltaRemaining) {
    }

    record NoiseResponse(List<Double> noisyValues, @Schema(example = "50.0") double scale,
            Interval confidenceInterval, Privacy privacy, BudgetLeft budget, UUID receiptId) {
    }

    record StatisticsResponse(Statistic statistic,
            @Schema(description = "A number; an array for QUANTILES; an object of bucket → count for HISTOGRAM")
            Object result,
            Interval confidenceInterval, Privacy privacy, BudgetLeft budget, UUID receiptId) {
    }

    @Schema(description = "A dry run: give epsilon or a target halfWidth; nothing is spent")
    record PlanRequest(
            @Schema(example = "COUNT") @NotNull Statistic statistic,
            @Schema(example = "0.5", nullable = true) @Nullable Double epsilon,
            @Schema(example = "10", nullable = true, description = "Target half-width of the confidence interval")
            @Nullable Double halfWidth,
            @Schema(nullable = true) @Nullable Double lower,
            @Schema(nullable = true) @Nullable Double upper,
            @Nullable Double delta,
            @Nullable MechanismKind mechanism,
            @Schema(example = "0.95", defaultValue = "0.95") @Nullable Double confidenceLevel,
            @Schema(nullable = true, description = "HISTOGRAM only: how many buckets the release will have (its "
                    + "categories, or the intervals between its bins); 1 when absent. All buckets are bounded at "
                    + "once, so more buckets mean a wider interval for each.")
            @Nullable @Positive Integer buckets) {
    }

    record PlanResponse(Statistic statistic, @Schema(example = "0.2996") double epsilon,
            @Schema(nullable = true, description = "Absent for statistics whose interval depends on the data")
            @Nullable Double halfWidth,
            double level, Privacy cost, BudgetLeft budget,
            @Schema(example = "33", description = "How many such releases the remaining budget pays for")
            long queriesRemaining) {
    }

    record Receipt(UUID id, Instant createdAt, @Nullable UUID keyId, String operation,
            @Nullable Statistic statistic, @Nullable String resource, MechanismKind mechanism, double scale,
            double sensitivity, Privacy privacy,
            @Schema(description = "The released, noisy answer exactly as it was returned") Object released,
            Ledger ledger) {

        record Ledger(UUID entryId, long sequence, double epsilonSpentAfter, double deltaSpentAfter) {
        }
    }
}
