package io.ppml.dp.core;

import java.util.List;

/**
 * The one entry point of the statistics core: differentially private statistics, released in two phases —
 * {@link #prepare} validates the query ({@link DpPreconditions}), clamps, computes the exact aggregates and
 * calibrates the mechanisms; {@link PreparedRelease#release()} adds the noise after the caller charged
 * {@link PreparedRelease#totalLoss()} — and {@link #plan}, the same calibration without data. Each statistic's maths
 * lives in its own class ({@link Count}, {@link BoundedSum}, {@link BoundedMean}, {@link BoundedVariance},
 * {@link Quantiles}, {@link Histogram}, {@link NoisyVector}); they share one budget split ({@link Allocation}).
 *
 * <h2>Privacy unit, sensitivities and budget split</h2>
 * Neighbouring datasets differ by adding or removing one person, who contributes at most c =
 * {@code contributionsPerUnit} rows. Values are clamped to [lower, upper]; mid = lower/2 + upper/2; φ(x) =
 * fl(clamp(x) − mid) is the centred value, |φ| ≤ R = max(|fl(lower − mid)|, |fl(upper − mid)|) because rounding is
 * monotone; e(M) = the floating-point error bound of a sum of at most {@code maxValues} terms of magnitude ≤ M
 * ({@link BoundedSums}, Higham 2002 §4.2), a public quantity, paid as 2e in the sensitivity.
 * <table>
 *   <caption>statistics</caption>
 *   <tr><th>statistic</th><th>parts (LAPLACE: ε split; GAUSSIAN: ρ split)</th><th>sensitivity (Δ₁ = Δ₂)</th></tr>
 *   <tr><td>COUNT</td><td>count: all</td><td>c</td></tr>
 *   <tr><td>SUM</td><td>Σ clamp(x): all</td><td>c·max(|lower|, |upper|) + 2e</td></tr>
 *   <tr><td>MEAN</td><td>count ½, Σφ ½</td><td>c; c·R + 2e(R)</td></tr>
 *   <tr><td>VARIANCE, STDDEV</td><td>count ⅓, Σφ ⅓, Σφ² ⅓</td><td>c; c·R + 2e(R); c·R² + 2e(R²)</td></tr>
 *   <tr><td>QUANTILES</td><td>a histogram of 256 equal buckets of [lower, upper]: all</td><td>c</td></tr>
 *   <tr><td>HISTOGRAM</td><td>one count per bucket: all</td><td>Δ₁ = c, Δ₂ = c</td></tr>
 * </table>
 *
 * <h2>Confidence intervals</h2>
 * Computed from public quantities and the released noisy values only (never from the true count, which is private);
 * each statistic's class says how. COUNT, SUM, HISTOGRAM and a noise vector have intervals that depend on public
 * parameters only, so their {@link ReleasePlan} states the half-width; MEAN, VARIANCE, STDDEV and QUANTILES have
 * intervals computed from the noisy answer.
 */
public final class DpStatistics {

    private DpStatistics() {
    }

    public static PreparedRelease prepare(StatisticQuery query) {
        return prepare(query, DpPreconditions.DEFAULT_MAX_VALUES);
    }

    /**
     * @param maxValues the most rows a query may hold (public: it also sizes the floating-point error bound)
     * @throws DpQueryException when the query is invalid, naming the field
     */
    public static PreparedRelease prepare(StatisticQuery query, int maxValues) {
        return prepare(query, maxValues, false);
    }

    /**
     * @param allowEmpty answer MEAN, VARIANCE, STDDEV and QUANTILES over no rows too (with noise like any other
     *                   answer) instead of refusing: for stored data and group-by groups, whether a group is empty is
     *                   itself private, so refusing would leak it
     */
    public static PreparedRelease prepare(StatisticQuery query, int maxValues, boolean allowEmpty) {
        DpPreconditions.validate(query, maxValues, allowEmpty);
        return switch (statistic(query)) {
            case COUNT -> Count.prepare(query);
            case SUM -> BoundedSum.prepare(query, maxValues);
            case MEAN -> BoundedMean.prepare(query, maxValues);
            case VARIANCE, STDDEV -> BoundedVariance.prepare(query, maxValues);
            case QUANTILES -> Quantiles.prepare(query);
            case HISTOGRAM -> Histogram.prepare(query);
        };
    }

    /**
     * What {@link #prepare} would commit a release of this query to — mechanisms, cost and, where it is public, the
     * half-width — without reading any row: the query's values are ignored and may be empty. A query that
     * {@code prepare} would refuse for its public parameters is refused here alike.
     *
     * @throws DpQueryException when the query's public parameters are invalid, naming the field
     */
    public static ReleasePlan plan(StatisticQuery query, int maxValues) {
        StatisticQuery q = query.withRows(new double[0], List.of(), query.contributionsPerUnit(),
                query.groupsPerUnit());
        DpPreconditions.validate(q, maxValues, true);
        return switch (statistic(q)) {
            case COUNT -> Count.calibrate(q).plan();
            case SUM -> BoundedSum.calibrate(q, maxValues).plan();
            case MEAN -> BoundedMean.calibrate(q, maxValues).plan();
            case VARIANCE, STDDEV -> BoundedVariance.calibrate(q, maxValues).plan();
            case QUANTILES -> Quantiles.calibrate(q).plan();
            case HISTOGRAM -> Histogram.calibrate(q).plan();
        };
    }

    /**
     * The seed's {@code add_laplace_noise}, done safely ({@link NoisyVector}): every value plus independent noise,
     * calibrated for the given sensitivity of the whole vector (L1 for LAPLACE, L2 for GAUSSIAN).
     *
     * @throws DpQueryException when an argument is invalid, naming the field
     */
    public static PreparedRelease noise(double[] values, double sensitivity, double epsilon, double delta,
                                        MechanismKind kind, double level) {
        return noise(values, sensitivity, epsilon, delta, kind, level, DpPreconditions.DEFAULT_MAX_VALUES);
    }

    public static PreparedRelease noise(double[] values, double sensitivity, double epsilon, double delta,
                                        MechanismKind kind, double level, int maxValues) {
        NoisyVector.validate(values, sensitivity, epsilon, delta, kind, level, maxValues);
        return NoisyVector.prepare(values, sensitivity, epsilon, delta, kind, level);
    }

    private static Statistic statistic(StatisticQuery query) {
        Statistic statistic = query.statistic();
        if (statistic == null) { // validate refuses it first; this keeps the switch total for the compiler
            throw new DpQueryException("statistic", "is required");
        }
        return statistic;
    }
}
