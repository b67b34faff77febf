package io.ppml.dp.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A statistic to release. Each element of {@code values} (or {@code categoricalValues}) is one row; one person (the
 * privacy unit) contributes at most {@code contributionsPerUnit} rows, and neighbouring datasets differ by adding or
 * removing one person. Absent arrays and lists may be given as null and mean empty; a null mechanism means LAPLACE.
 * {@link #builder} fills the defaults (δ = 0, LAPLACE, level 0.95, one row per person).
 *
 * @param statistic            what to compute
 * @param values               numeric rows (all statistics but a categorical HISTOGRAM)
 * @param categoricalValues    categorical rows (a categorical HISTOGRAM, or COUNT)
 * @param lower                clamping bound, required for SUM, MEAN, VARIANCE, STDDEV, QUANTILES
 * @param upper                clamping bound, required with lower
 * @param quantiles            the quantiles to release, each in [0, 1] (QUANTILES)
 * @param categories           the declared categories of a categorical HISTOGRAM (public: never taken from the data)
 * @param bins                 increasing bin edges of a numeric HISTOGRAM
 * @param epsilon              ε in [2^−50, 10]
 * @param delta                δ: 0 for LAPLACE, in (0, 1) for GAUSSIAN
 * @param mechanism            LAPLACE (pure ε) or GAUSSIAN (zCDP)
 * @param confidenceLevel      in (0, 1)
 * @param contributionsPerUnit the most rows one person may contribute, ≥ 1; sensitivities scale with it
 * @param groupsPerUnit        for one group of a grouped release (disjoint groups of rows, all released together):
 *                             how many of the groups one person's rows can fall into, min(c, groups); 1 for a
 *                             release on its own. The whole vector of groups then has sensitivity c, so each group
 *                             is calibrated for c and the release is charged once, but the rounding to the grid and
 *                             the floating-point error of each touched group add up, and are paid this many times
 */
public record StatisticQuery(@Nullable Statistic statistic, double[] values, List<String> categoricalValues,
                             @Nullable Double lower, @Nullable Double upper, double[] quantiles,
                             List<String> categories, double[] bins, double epsilon, double delta,
                             MechanismKind mechanism, double confidenceLevel, int contributionsPerUnit,
                             int groupsPerUnit) {

    @SuppressWarnings("ConstantValue") // the canonical constructor also serves callers that pass null for "absent"
    public StatisticQuery {
        values = values == null ? new double[0] : values;
        categoricalValues = categoricalValues == null ? List.of() : categoricalValues;
        quantiles = quantiles == null ? new double[0] : quantiles;
        categories = categories == null ? List.of() : categories;
        bins = bins == null ? new double[0] : bins;
        mechanism = mechanism == null ? MechanismKind.LAPLACE : mechanism;
    }

    /** A query released on its own (not one group of several). */
    public StatisticQuery(@Nullable Statistic statistic, double[] values, List<String> categoricalValues,
                          @Nullable Double lower, @Nullable Double upper, double[] quantiles, List<String> categories,
                          double[] bins, double epsilon, double delta, MechanismKind mechanism,
                          double confidenceLevel, int contributionsPerUnit) {
        this(statistic, values, categoricalValues, lower, upper, quantiles, categories, bins, epsilon, delta,
                mechanism, confidenceLevel, contributionsPerUnit, 1);
    }

    /**
     * This query's public part over other rows: for one group of a grouped release ({@link GroupedRelease}), or
     * with no rows for a plan ({@link DpStatistics#plan}).
     */
    StatisticQuery withRows(double[] values, List<String> categoricalValues, int contributionsPerUnit,
                            int groupsPerUnit) {
        return new StatisticQuery(statistic, values, categoricalValues, lower, upper, quantiles, categories, bins,
                epsilon, delta, mechanism, confidenceLevel, contributionsPerUnit, groupsPerUnit);
    }

    public static Builder builder(Statistic statistic, double epsilon) {
        return new Builder(statistic, epsilon);
    }

    /** Fills the defaults: δ = 0, LAPLACE, confidence level 0.95, one row per person. */
    public static final class Builder {
        private final Statistic statistic;
        private final double epsilon;
        private double[] values = new double[0];
        private List<String> categoricalValues = List.of();
        private @Nullable Double lower;
        private @Nullable Double upper;
        private double[] quantiles = new double[0];
        private List<String> categories = List.of();
        private double[] bins = new double[0];
        private double delta;
        private MechanismKind mechanism = MechanismKind.LAPLACE;
        private double confidenceLevel = DpPreconditions.DEFAULT_CONFIDENCE_LEVEL;
        private int contributionsPerUnit = 1;
        private int groupsPerUnit = 1;

        private Builder(Statistic statistic, double epsilon) {
            this.statistic = statistic;
            this.epsilon = epsilon;
        }

        public Builder values(double... values) {
            this.values = values;
            return this;
        }

        public Builder categoricalValues(List<String> categoricalValues) {
            this.categoricalValues = categoricalValues;
            return this;
        }

        public Builder bounds(@Nullable Double lower, @Nullable Double upper) {
            this.lower = lower;
            this.upper = upper;
            return this;
        }

        public Builder quantiles(double... quantiles) {
            this.quantiles = quantiles;
            return this;
        }

        public Builder categories(List<String> categories) {
            this.categories = categories;
            return this;
        }

        public Builder bins(double... bins) {
            this.bins = bins;
            return this;
        }

        public Builder delta(double delta) {
            this.delta = delta;
            return this;
        }

        public Builder mechanism(MechanismKind mechanism) {
            this.mechanism = mechanism;
            return this;
        }

        public Builder confidenceLevel(double confidenceLevel) {
            this.confidenceLevel = confidenceLevel;
            return this;
        }

        public Builder contributionsPerUnit(int contributionsPerUnit) {
            this.contributionsPerUnit = contributionsPerUnit;
            return this;
        }

        public Builder groupsPerUnit(int groupsPerUnit) {
            this.groupsPerUnit = groupsPerUnit;
            return this;
        }

        public StatisticQuery build() {
            return new StatisticQuery(statistic, values, categoricalValues, lower, upper, quantiles, categories, bins,
                    epsilon, delta, mechanism, confidenceLevel, contributionsPerUnit, groupsPerUnit);
        }
    }
}
