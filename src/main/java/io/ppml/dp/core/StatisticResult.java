package io.ppml.dp.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A released statistic.
 *
 * @param statistic          what was released; null for a raw vector from {@link DpStatistics#noise}
 * @param result             a {@code Double}; a {@code List<Double>} for QUANTILES (in the order asked) and for
 *                           {@code noise}; a {@code LinkedHashMap<String, Double>} of bucket → noisy count for
 *                           HISTOGRAM (in the order of the categories or bins)
 * @param confidenceInterval for a scalar, its interval; for a list or map, the envelope of {@code intervals}: lower
 *                           is the smallest lower end, upper the largest upper end, halfWidth the largest half-width —
 *                           and every entry's own interval holds simultaneously with probability ≥ level
 * @param intervals          one interval per entry for QUANTILES and HISTOGRAM (simultaneous, see
 *                           {@link DpStatistics}); empty for scalars and for {@code noise}, whose entries all share
 *                           the half-width of {@code confidenceInterval}
 * @param loss               what the release costs (sum of its parts)
 * @param mechanism          the noise distribution
 * @param scale              the noise scale of the main part (b for Laplace, σ for Gaussian)
 * @param sensitivity        the sensitivity the main part was calibrated for
 */
public record StatisticResult(@Nullable Statistic statistic, Object result, ConfidenceInterval confidenceInterval,
                              List<ConfidenceInterval> intervals, PrivacyLoss loss, MechanismKind mechanism,
                              double scale, double sensitivity) {

    public StatisticResult {
        intervals = List.copyOf(intervals);
    }
}
