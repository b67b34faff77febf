package io.ppml.fl.core;

import java.util.ArrayList;
import java.util.List;

import io.ppml.refusal.FieldError;
import org.jspecify.annotations.Nullable;

/**
 * How a task aggregates its rounds (DESIGN §8), validated on construction; each refusal names its JSON field
 * ({@code aggregation}, {@code trimFraction}, {@code dp}, {@code dp.*}).
 *
 * @param rule         the aggregation rule; required
 * @param trimFraction for {@link Aggregation#TRIMMED_MEAN}, the fraction trimmed from each end, in [0, 0.5); must be
 *                     0 for the other rules (a non-zero fraction there would be silently meaningless)
 * @param dp           DP-FedAvg's settings, or {@code null} for no differential privacy; only with
 *                     {@link Aggregation#FEDAVG}, since the median and the trimmed mean have no bounded L2
 *                     sensitivity under the fixed-denominator argument that DP-FedAvg's noise relies on
 */
public record AggregationSettings(Aggregation rule, double trimFraction, @Nullable DpSettings dp) {

    public AggregationSettings {
        List<FieldError> errors = new ArrayList<>();
        boolean missing = rule == null; // a JSON null the shell passed on
        if (missing) {
            errors.add(new FieldError("aggregation", "is required"));
        } else if (rule == Aggregation.TRIMMED_MEAN) {
            if (!(trimFraction >= 0 && trimFraction < 0.5)) {
                errors.add(new FieldError("trimFraction", "must be in [0, 0.5)"));
            }
        } else if (trimFraction != 0) {
            errors.add(new FieldError("trimFraction", "applies only to TRIMMED_MEAN"));
        }
        if (dp != null && !missing && rule != Aggregation.FEDAVG) {
            errors.add(new FieldError("dp", "differential privacy is only available with FEDAVG, not " + rule));
        }
        if (!errors.isEmpty()) {
            throw new FlException(errors);
        }
    }

    public static AggregationSettings fedAvg() {
        return new AggregationSettings(Aggregation.FEDAVG, 0, null);
    }

    public static AggregationSettings median() {
        return new AggregationSettings(Aggregation.MEDIAN, 0, null);
    }

    public static AggregationSettings trimmedMean(double trimFraction) {
        return new AggregationSettings(Aggregation.TRIMMED_MEAN, trimFraction, null);
    }

    public static AggregationSettings dpFedAvg(DpSettings dp) {
        return new AggregationSettings(Aggregation.FEDAVG, 0, dp);
    }

    /** Whether rounds are released with DP-FedAvg, and so must be charged to the budget before release. */
    public boolean isPrivate() {
        return dp != null;
    }
}
