package io.ppml.dp.core;

import org.jspecify.annotations.Nullable;

/**
 * The limits of a DP query and the checks every statistic shares, each refusing with a {@link DpQueryException} that
 * names the field. Every check reads public parameters only — the bounds, ε, δ, the row limit, the number of values
 * — never what the values are (beyond refusing a non-finite one), so that whether a query is refused never depends
 * on the data (see {@code DpDataIndependenceTests}). The statistic-specific checks live with their statistic
 * ({@link Quantiles#validate}, {@link Histogram#validate}) and are called from {@link #validate} in a fixed order.
 */
public final class DpPreconditions {

    /** The smallest ε a query may spend (DESIGN §5). */
    public static final double MIN_EPSILON = 0x1p-50;
    /** The largest ε a query may spend without a tenant setting (DESIGN §5; the setting is not built). */
    public static final double MAX_EPSILON = 10;
    /** The confidence level of an answer's interval when the request names none (DESIGN §5). */
    public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;
    /** The most rows a query may hold when its caller names no limit ({@code ppml.dp.max-values} sets the service's). */
    public static final int DEFAULT_MAX_VALUES = 1_000_000;
    /** The most bins or categories of a histogram. */
    public static final int MAX_BUCKETS = 10_000;

    /**
     * The largest magnitude any exact aggregate may reach: bounds whose sums over {@code maxValues} rows could pass it
     * are refused before any data is read, so no sum of clamped values can overflow — whatever the data. 2^1000
     * leaves a factor 2^23 of headroom below Double.MAX_VALUE for the noise and the confidence intervals.
     */
    static final double MAX_MAGNITUDE = 0x1p1000;
    /**
     * The largest noise scale a release may use: with it, a noise sample reaches Double.MAX_VALUE only with
     * probability about exp(−2^63), and every confidence half-width stays finite.
     */
    static final double MAX_SCALE = 0x1p960;

    private DpPreconditions() {
    }

    /**
     * Every check of a statistic query, in the order whose first failure is reported.
     *
     * @param allowEmpty accept MEAN, VARIANCE, STDDEV and QUANTILES over no rows (see {@link DpStatistics#prepare})
     */
    static void validate(StatisticQuery q, int maxValues, boolean allowEmpty) {
        Statistic statistic = q.statistic();
        if (statistic == null) {
            throw new DpQueryException("statistic", "is required");
        }
        validateBudget(q.epsilon(), q.delta(), q.mechanism());
        validateLevel(q.confidenceLevel());
        if (q.contributionsPerUnit() < 1) {
            throw new DpQueryException("contributionsPerUnit", "must be at least 1");
        }
        if (q.groupsPerUnit() < 1 || q.groupsPerUnit() > q.contributionsPerUnit()) {
            throw new DpQueryException("groupsPerUnit", "must be between 1 and contributionsPerUnit");
        }
        if ((long) q.values().length + q.categoricalValues().size() > maxValues) {
            throw new DpQueryException("values", "at most " + maxValues + " values are allowed");
        }
        boolean summed = switch (statistic) {
            case SUM, MEAN, VARIANCE, STDDEV -> true;
            default -> false;
        };
        if (!summed) {
            requireFinite(q.values()); // the summing statistics check in their single pass (BoundedSums)
        }
        boolean needsBounds = switch (statistic) {
            case SUM, MEAN, VARIANCE, STDDEV, QUANTILES -> true;
            case COUNT, HISTOGRAM -> false;
        };
        Double lower = q.lower();
        Double upper = q.upper();
        if (needsBounds && lower == null) {
            throw new DpQueryException("lower", "is required for " + statistic);
        }
        if (needsBounds && upper == null) {
            throw new DpQueryException("upper", "is required for " + statistic);
        }
        if (lower != null && !Double.isFinite(lower)) {
            throw new DpQueryException("lower", "must be finite");
        }
        if (upper != null && !Double.isFinite(upper)) {
            throw new DpQueryException("upper", "must be finite");
        }
        if (lower != null && upper != null && lower > upper) {
            throw new DpQueryException("upper", "must be greater than or equal to lower");
        }
        if (summed) {
            requireSummable(statistic, lower, upper, maxValues);
        }
        boolean needsValues = switch (statistic) {
            case MEAN, VARIANCE, STDDEV, QUANTILES -> true;
            default -> false;
        };
        if (needsValues && q.values().length == 0 && !allowEmpty) {
            throw new DpQueryException("values", "must not be empty for " + statistic);
        }
        boolean categorical = statistic == Statistic.HISTOGRAM && !q.categories().isEmpty();
        if (!q.categoricalValues().isEmpty() && !(statistic == Statistic.COUNT || categorical)) {
            throw new DpQueryException("categoricalValues", statistic == Statistic.HISTOGRAM
                    ? "need categories" : "are only counted by COUNT and a categorical HISTOGRAM");
        }
        if (statistic == Statistic.COUNT && !q.categoricalValues().isEmpty() && q.values().length > 0) {
            throw new DpQueryException("categoricalValues", "give either values or categoricalValues, not both");
        }
        for (int i = 0; i < q.categoricalValues().size(); i++) {
            if (q.categoricalValues().get(i) == null) {
                throw new DpQueryException("categoricalValues[" + i + "]", "must not be null");
            }
        }
        if (statistic == Statistic.QUANTILES) {
            Quantiles.validate(q.quantiles());
        }
        if (statistic == Statistic.HISTOGRAM) {
            Histogram.validate(q);
        }
    }

    /**
     * Refuses bounds under which a sum of {@code maxValues} clamped terms (SUM: the values; MEAN: the values centred
     * on the midpoint; VARIANCE and STDDEV: also their squares) could exceed {@link #MAX_MAGNITUDE}. It looks only at
     * the bounds and the public row limit, never at the data, so that whether a query is refused — or could fail
     * after its charge — never depends on how many rows there are or what they hold.
     */
    static void requireSummable(Statistic statistic, double lower, double upper, int maxValues) {
        double term;
        if (statistic == Statistic.SUM) {
            term = Math.max(Math.abs(lower), Math.abs(upper));
        } else {
            double mid = lower / 2 + upper / 2;
            double radius = Math.max(Math.abs(lower - mid), Math.abs(upper - mid));
            term = statistic == Statistic.MEAN ? radius : Math.max(radius, radius * radius);
        }
        double limit = MAX_MAGNITUDE / Math.max(1, maxValues);
        if (!(term <= limit)) {
            String field = Math.abs(lower) > Math.abs(upper) ? "lower" : "upper";
            double allowed = statistic == Statistic.SUM ? limit
                    : statistic == Statistic.MEAN ? 2 * limit : 2 * Math.sqrt(limit);
            throw new DpQueryException(field, "bounds this wide could make a " + statistic + " over up to "
                    + maxValues + " rows overflow; " + (statistic == Statistic.SUM ? "max(|lower|, |upper|)"
                    : "upper − lower") + " must be at most " + allowed);
        }
    }

    /** ε in [{@link #MIN_EPSILON}, {@link #MAX_EPSILON}], δ in [0, 1), and δ = 0 exactly for the pure mechanism. */
    static void validateBudget(double epsilon, double delta, @Nullable MechanismKind kind) {
        if (!Double.isFinite(epsilon) || epsilon < MIN_EPSILON || epsilon > MAX_EPSILON) {
            throw new DpQueryException("epsilon", "must be finite and in [2^-50, 10]");
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new DpQueryException("delta", "must be in [0, 1)");
        }
        if (kind == null) {
            throw new DpQueryException("mechanism", "is required");
        }
        if (kind == MechanismKind.LAPLACE && delta != 0) {
            throw new DpQueryException("delta", "must be 0 for the LAPLACE mechanism (pure ε-DP)");
        }
        if (kind == MechanismKind.GAUSSIAN && delta == 0) {
            throw new DpQueryException("delta", "must be greater than 0 for the GAUSSIAN mechanism");
        }
    }

    static void validateLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new DpQueryException("confidenceLevel", "must be in (0, 1)");
        }
    }

    static void requireFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new DpQueryException("values[" + i + "]", "must be a finite number");
            }
        }
    }

    /** A sum that came out NaN had a non-finite input: name it. */
    static double finite(double sum, double[] values) {
        if (Double.isNaN(sum)) {
            requireFinite(values);
        }
        return sum;
    }

    static double requireBound(@Nullable Double bound, String field) {
        if (bound == null) {
            throw new DpQueryException(field, "is required");
        }
        return bound;
    }
}
