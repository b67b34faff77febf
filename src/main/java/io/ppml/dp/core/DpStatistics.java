package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ppml.budget.core.ZcdpConversion;
import org.jspecify.annotations.Nullable;

/**
 * Differentially private statistics, released in two phases: {@link #prepare} validates the query, clamps, computes
 * the exact aggregates and calibrates the mechanisms; {@link PreparedRelease#release()} adds the noise after the
 * caller charged {@link PreparedRelease#totalLoss()}.
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
 * Sequential composition makes the parts' ε add up to the requested ε (Dwork &amp; Roth 2014 Theorem 3.16); for
 * GAUSSIAN the target ρ = rhoFor(ε, δ) is split instead and the parts' ρ add up to at most it (Bun &amp; Steinke 2016
 * Lemma 2.3), so the whole release is (ε, δ)-DP as requested — splitting ε and δ would waste budget.
 *
 * <p>Histograms: a person's c rows change the bucket-count vector by v with v ≥ 0 coordinate-wise (or ≤ 0) and
 * Σv = c at most, so ‖v‖₁ ≤ c and ‖v‖₂ ≤ ‖v‖₁ = c, with equality when all c rows fall in one bucket — hence Δ₂ = c,
 * not √c (√c would need at most one row per person and bucket).
 *
 * <h2>Results</h2>
 * MEAN = clamp(mid + noisy Σφ / max(noisy count, 1), lower, upper). VARIANCE = clamp(m₂ − m₁², 0, R²) with
 * m_k = noisy Σφ^k / max(noisy count, 1); STDDEV = √VARIANCE. QUANTILES are read from the noisy cumulative bucket
 * counts (negative counts taken as 0), interpolating linearly inside the bucket — post-processing, so any number of
 * quantiles costs one ε. HISTOGRAM counts are the raw noisy counts (possibly negative: clamping would bias them).
 * Numeric bins are [e_i, e_(i+1)) with the last one closed; values outside [e_0, e_last] fall in no bin (they are
 * dropped, not clamped: a clamp would pile them into the edge bins). Categorical histograms count only declared
 * categories; other values are dropped — categories never come from the data.
 *
 * <h2>Confidence intervals</h2>
 * Computed from public quantities and the released noisy values only (never from the true count, which is private).
 * COUNT, SUM: ± the mechanism's half-width (plus e for SUM). MEAN: the 1 − level is split evenly between count and
 * sum (union bound); with both inside their intervals, the true n lies in [max(1, ñ − h₁), ñ + h₁] and the true
 * centred sum in [s̃ − h₂ − E, s̃ + h₂ + E] (E: summation and centring error for at most ñ + h₁ rows), and the mean
 * mid + S/n is bounded by the extremes of S/n over that box, intersected with [lower, upper]. VARIANCE: a three-way
 * split, then V = S₂/n − (S₁/n)² bounded by interval arithmetic over the box, intersected with [0, R²]; STDDEV the
 * square roots. QUANTILES and HISTOGRAM: each of the B bucket noises is bounded at level 1 − (1 − level)/B, so all
 * hold together with probability ≥ level (union bound); HISTOGRAM entries are ± that half-width; a quantile's interval
 * runs from the first to the last bucket that can hold it for some bucket counts within those bounds. noise(): the
 * same simultaneous half-width for every coordinate.
 */
public final class DpStatistics {

    public static final int DEFAULT_MAX_VALUES = 1_000_000;
    /** The most bins or categories of a histogram. */
    public static final int MAX_BUCKETS = 10_000;
    /** Buckets of the histogram that QUANTILES reads. */
    public static final int QUANTILE_BUCKETS = 256;
    public static final double MIN_EPSILON = 0x1p-50;
    public static final double MAX_EPSILON = 10;

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

    private static final double UNIT_ROUNDOFF = 0x1p-53;
    /** Outward widening of interval ends, relative, to cover rounding in the interval arithmetic itself. */
    private static final double INTERVAL_SLACK = 1e-12;

    private DpStatistics() {
    }

    public static PreparedRelease prepare(StatisticQuery query) {
        return prepare(query, DEFAULT_MAX_VALUES);
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
        validate(query, maxValues, allowEmpty);
        Statistic statistic = query.statistic();
        if (statistic == null) {
            throw new DpQueryException("statistic", "is required");
        }
        return switch (statistic) {
            case COUNT -> count(query);
            case SUM -> sum(query, maxValues);
            case MEAN -> mean(query, maxValues);
            case VARIANCE, STDDEV -> variance(query, maxValues);
            case QUANTILES -> quantiles(query);
            case HISTOGRAM -> histogram(query);
        };
    }

    /**
     * The seed's {@code add_laplace_noise}, done safely: every value plus independent noise, calibrated for the
     * given sensitivity of the whole vector (L1 for LAPLACE, L2 for GAUSSIAN).
     *
     * @throws DpQueryException when an argument is invalid, naming the field
     */
    public static PreparedRelease noise(double[] values, double sensitivity, double epsilon, double delta,
                                        MechanismKind kind, double level) {
        return noise(values, sensitivity, epsilon, delta, kind, level, DEFAULT_MAX_VALUES);
    }

    public static PreparedRelease noise(double[] values, double sensitivity, double epsilon, double delta,
                                        MechanismKind kind, double level, int maxValues) {
        validateBudget(epsilon, delta, kind);
        validateLevel(level);
        if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
            throw new DpQueryException("sensitivity", "must be finite and > 0");
        }
        if (values.length == 0) {
            throw new DpQueryException("values", "must not be empty");
        }
        if (values.length > maxValues) {
            throw new DpQueryException("values", "at most " + maxValues + " values are allowed");
        }
        requireFinite(values);
        Allocation allocation = new Allocation(kind, epsilon, delta, 1, 1);
        NoiseMechanism mechanism = allocation.mechanism(sensitivity, values.length);
        double[] copy = values.clone();
        return new PreparedRelease(null, allocation.total(List.of(mechanism)), List.of("values: " + mechanism), () -> {
            double[] noisy = mechanism.addNoise(copy);
            double h = mechanism.confidenceHalfWidth(1 - (1 - level) / noisy.length);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            List<Double> out = new ArrayList<>(noisy.length);
            for (double v : noisy) {
                out.add(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new StatisticResult(null, out, new ConfidenceInterval(min - h, max + h, h, level), List.of(),
                    allocation.total(List.of(mechanism)), kind, mechanism.scale(), sensitivity);
        });
    }

    // ---------------------------------------------------------------------------------------------- statistics

    private static PreparedRelease count(StatisticQuery q) {
        long n = q.categoricalValues().isEmpty() ? q.values().length : q.categoricalValues().size();
        int c = q.contributionsPerUnit();
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(c, 1);
        double level = q.confidenceLevel();
        return new PreparedRelease(Statistic.COUNT, allocation.total(List.of(mechanism)),
                List.of("count: " + mechanism), () -> {
            double noisy = mechanism.addNoise((double) n);
            return scalar(Statistic.COUNT, noisy, ConfidenceInterval.around(noisy, mechanism.confidenceHalfWidth(level),
                    level), allocation, List.of(mechanism), mechanism);
        });
    }

    private static PreparedRelease sum(StatisticQuery q, int maxValues) {
        double lower = requireBound(q.lower(), "lower");
        double upper = requireBound(q.upper(), "upper");
        double[] values = q.values();
        double maxAbs = Math.max(Math.abs(lower), Math.abs(upper));
        double error = BoundedSums.errorBound(maxValues, maxAbs);
        double sensitivity = q.contributionsPerUnit() * maxAbs + 2 * error * q.groupsPerUnit();
        double sum = finite(BoundedSums.sumClamped(values, 0, values.length, lower, upper), values);
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(sensitivity, 1);
        double level = q.confidenceLevel();
        return new PreparedRelease(Statistic.SUM, allocation.total(List.of(mechanism)), List.of("sum: " + mechanism),
                () -> {
            double noisy = mechanism.addNoise(sum);
            double h = mechanism.confidenceHalfWidth(level) + error;
            return scalar(Statistic.SUM, noisy, ConfidenceInterval.around(noisy, widen(h, noisy), level), allocation,
                    List.of(mechanism), mechanism);
        });
    }

    private static PreparedRelease mean(StatisticQuery q, int maxValues) {
        Centring k = Centring.of(q, maxValues);
        double[] values = q.values();
        long n = values.length;
        double centredSum = finite(BoundedSums.sumCentred(values, 0, values.length, k.lower, k.upper, k.mid), values);
        int c = q.contributionsPerUnit();
        Allocation allocation = Allocation.of(q, 2);
        NoiseMechanism countMechanism = allocation.mechanism(c, 1);
        NoiseMechanism sumMechanism = allocation.mechanism(c * k.radius + 2 * k.sumError * q.groupsPerUnit(), 1);
        List<NoiseMechanism> parts = List.of(countMechanism, sumMechanism);
        double level = q.confidenceLevel();
        return new PreparedRelease(Statistic.MEAN, allocation.total(parts),
                List.of("count: " + countMechanism, "centred sum: " + sumMechanism), () -> {
            double noisyCount = countMechanism.addNoise((double) n);
            double noisySum = sumMechanism.addNoise(centredSum);
            double mean = BoundedSums.clamp(k.mid + noisySum / Math.max(noisyCount, 1), k.lower, k.upper);
            double partLevel = 1 - (1 - level) / 2;
            Box box = Box.of(noisyCount, countMechanism.confidenceHalfWidth(partLevel));
            ConfidenceInterval ci;
            if (box == null) {
                ci = ConfidenceInterval.of(mean, k.lower, k.upper, level);
            } else {
                double slack = k.centredSumError(box.nHigh);
                double h = sumMechanism.confidenceHalfWidth(partLevel) + slack;
                double[] ratio = box.ratio(noisySum - h, noisySum + h);
                double lo = Math.max(k.lower, widenDown(k.mid + ratio[0], k.radius));
                double hi = Math.min(k.upper, widenUp(k.mid + ratio[1], k.radius));
                ci = ConfidenceInterval.of(mean, Math.min(lo, mean), Math.max(hi, mean), level);
            }
            return scalar(Statistic.MEAN, mean, ci, allocation, parts, sumMechanism);
        });
    }

    private static PreparedRelease variance(StatisticQuery q, int maxValues) {
        Statistic statistic = q.statistic() == Statistic.STDDEV ? Statistic.STDDEV : Statistic.VARIANCE;
        Centring k = Centring.of(q, maxValues);
        double[] values = q.values();
        long n = values.length;
        double[] sums = new double[2];
        if (values.length > 0) {
            BoundedSums.sumCentredAndSquares(values, 0, values.length, k.lower, k.upper, k.mid, sums);
            finite(sums[0], values);
        }
        int c = q.contributionsPerUnit();
        double squareBound = k.radius * k.radius; // fl is monotone: every fl(φ·φ) is at most fl(R·R)
        double squareError = BoundedSums.errorBound(maxValues, squareBound);
        double maxVariance = squareBound * (1 + 4 * UNIT_ROUNDOFF);
        Allocation allocation = Allocation.of(q, 3);
        int g = q.groupsPerUnit();
        NoiseMechanism countMechanism = allocation.mechanism(c, 1);
        NoiseMechanism sumMechanism = allocation.mechanism(c * k.radius + 2 * k.sumError * g, 1);
        NoiseMechanism squaresMechanism = allocation.mechanism(c * squareBound + 2 * squareError * g, 1);
        List<NoiseMechanism> parts = List.of(countMechanism, sumMechanism, squaresMechanism);
        double level = q.confidenceLevel();
        return new PreparedRelease(statistic, allocation.total(parts), List.of("count: " + countMechanism,
                "centred sum: " + sumMechanism, "centred sum of squares: " + squaresMechanism), () -> {
            double noisyCount = countMechanism.addNoise((double) n);
            double noisySum = sumMechanism.addNoise(sums[0]);
            double noisySquares = squaresMechanism.addNoise(sums[1]);
            double denominator = Math.max(noisyCount, 1);
            double m1 = noisySum / denominator;
            double variance = BoundedSums.clamp(noisySquares / denominator - m1 * m1, 0, maxVariance);
            double partLevel = 1 - (1 - level) / 3;
            Box box = Box.of(noisyCount, countMechanism.confidenceHalfWidth(partLevel));
            double lo = 0;
            double hi = maxVariance;
            if (box != null) {
                double h1 = sumMechanism.confidenceHalfWidth(partLevel) + k.centredSumError(box.nHigh);
                // per row: |fl(φ²) − (x − mid)²| ≤ u·φ² + |φ − (x − mid)|·|φ + (x − mid)| ≤ 3.1u·R²
                long rows = (long) Math.ceil(box.nHigh);
                double h2 = squaresMechanism.confidenceHalfWidth(partLevel)
                        + BoundedSums.errorBound(rows, squareBound) + rows * 3.1 * UNIT_ROUNDOFF * squareBound;
                double[] a = box.ratio(noisySum - h1, noisySum + h1);
                double[] b = box.ratio(Math.max(0, noisySquares - h2), Math.max(0, noisySquares + h2));
                double maxSquare = Math.max(a[0] * a[0], a[1] * a[1]);
                double minSquare = a[0] <= 0 && a[1] >= 0 ? 0 : Math.min(a[0] * a[0], a[1] * a[1]);
                lo = Math.max(0, widenDown(b[0] - maxSquare, squareBound));
                hi = Math.min(maxVariance, widenUp(b[1] - minSquare, squareBound));
            }
            lo = Math.min(lo, variance);
            hi = Math.max(hi, variance);
            if (statistic == Statistic.STDDEV) {
                double sd = Math.sqrt(variance);
                return scalar(statistic, sd, ConfidenceInterval.of(sd, Math.sqrt(lo), Math.sqrt(hi), level),
                        allocation, parts, squaresMechanism);
            }
            return scalar(statistic, variance, ConfidenceInterval.of(variance, lo, hi, level), allocation, parts,
                    squaresMechanism);
        });
    }

    private static PreparedRelease quantiles(StatisticQuery q) {
        double lower = requireBound(q.lower(), "lower");
        double upper = requireBound(q.upper(), "upper");
        int buckets = QUANTILE_BUCKETS;
        double[] counts = new double[buckets];
        for (double x : q.values()) {
            counts[quantileBucket(BoundedSums.clamp(x, lower, upper), lower, upper, buckets)]++;
        }
        double[] ps = q.quantiles().clone();
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(q.contributionsPerUnit(), buckets);
        double level = q.confidenceLevel();
        return new PreparedRelease(Statistic.QUANTILES, allocation.total(List.of(mechanism)),
                List.of("histogram of " + buckets + " buckets: " + mechanism), () -> {
            double[] noisy = mechanism.addNoise(counts);
            double h = mechanism.confidenceHalfWidth(1 - (1 - level) / buckets);
            double width = upper / buckets - lower / buckets;
            double slack = Math.abs(lower) * INTERVAL_SLACK + Math.abs(upper) * INTERVAL_SLACK;
            List<Double> result = new ArrayList<>(ps.length);
            List<ConfidenceInterval> intervals = new ArrayList<>(ps.length);
            for (double p : ps) {
                double value = readQuantile(noisy, p, lower, upper, width);
                int[] range = quantileBucketRange(noisy, h, p);
                double lo = Math.max(lower, edge(lower, upper, width, range[0], buckets) - slack);
                double hi = Math.min(upper, edge(lower, upper, width, range[1] + 1, buckets) + slack);
                result.add(value);
                intervals.add(ConfidenceInterval.of(value, Math.min(lo, value), Math.max(hi, value), level));
            }
            return listResult(Statistic.QUANTILES, result, intervals, level, allocation, mechanism);
        });
    }

    private static PreparedRelease histogram(StatisticQuery q) {
        List<String> labels = new ArrayList<>();
        double[] counts;
        if (!q.categories().isEmpty()) {
            Map<String, Integer> index = new HashMap<>();
            for (String category : q.categories()) {
                index.put(category, labels.size());
                labels.add(category);
            }
            counts = new double[labels.size()];
            for (String value : q.categoricalValues()) {
                Integer i = index.get(value);
                if (i != null) {
                    counts[i]++;
                }
            }
        } else {
            double[] edges = q.bins();
            int bins = edges.length - 1;
            for (int i = 0; i < bins; i++) {
                labels.add("[" + edges[i] + ", " + edges[i + 1] + (i == bins - 1 ? "]" : ")"));
            }
            counts = new double[bins];
            for (double x : q.values()) {
                int bin = numericBin(edges, x);
                if (bin >= 0) {
                    counts[bin]++;
                }
            }
        }
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(q.contributionsPerUnit(), counts.length);
        double level = q.confidenceLevel();
        return new PreparedRelease(Statistic.HISTOGRAM, allocation.total(List.of(mechanism)),
                List.of("histogram of " + counts.length + " buckets: " + mechanism), () -> {
            double[] noisy = mechanism.addNoise(counts);
            double h = mechanism.confidenceHalfWidth(1 - (1 - level) / noisy.length);
            LinkedHashMap<String, Double> result = new LinkedHashMap<>();
            List<ConfidenceInterval> intervals = new ArrayList<>(noisy.length);
            for (int i = 0; i < noisy.length; i++) {
                result.put(labels.get(i), noisy[i]);
                intervals.add(ConfidenceInterval.around(noisy[i], h, level));
            }
            return listResult(Statistic.HISTOGRAM, result, intervals, level, allocation, mechanism);
        });
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** The bin of x among edges e_0 &lt; … &lt; e_k: i with e_i ≤ x &lt; e_(i+1), the last bin closed; −1 outside. */
    static int numericBin(double[] edges, double x) {
        int last = edges.length - 1;
        if (x < edges[0] || x > edges[last]) {
            return -1;
        }
        if (x == edges[last]) {
            return last - 1;
        }
        int i = Arrays.binarySearch(edges, x);
        return i >= 0 ? i : -i - 2;
    }

    /** The equal-width bucket of a clamped x in [lower, upper], computed without overflow for any finite bounds. */
    static int quantileBucket(double x, double lower, double upper, int buckets) {
        double span = upper / buckets - lower / buckets;
        if (span <= 0) {
            return 0;
        }
        int i = (int) ((x / buckets - lower / buckets) / span * buckets); // ⌊(x − lower)/(upper − lower) · B⌋
        return Math.max(0, Math.min(buckets - 1, i));
    }

    private static double edge(double lower, double upper, double width, int i, int buckets) {
        return i >= buckets ? upper : i <= 0 ? lower : along(lower, upper, width, i, buckets);
    }

    /**
     * lower + t·width for t buckets of B, within [lower, upper]. Over bounds near the largest doubles lower + t·width
     * overflows for t past the middle, so it is then computed as the weighted mean lower·(1 − t/B) + upper·t/B.
     */
    private static double along(double lower, double upper, double width, double t, int buckets) {
        double x = lower + t * width;
        if (!Double.isFinite(x)) {
            double f = t / buckets;
            x = lower * (1 - f) + upper * f;
        }
        return BoundedSums.clamp(x, lower, upper);
    }

    /**
     * The p-quantile read from noisy bucket counts m_j (negative ones as 0): with cumulative C_j and total T, the
     * first non-empty bucket j with C_j ≥ p·T, interpolated linearly inside it; with T = 0 nothing is known, and the
     * answer is lower + p·(upper − lower).
     */
    static double readQuantile(double[] noisy, double p, double lower, double upper, double width) {
        double total = 0;
        for (double v : noisy) {
            total += Math.max(0, v);
        }
        if (!(total > 0)) {
            return BoundedSums.clamp(lower + p * (upper / 2 - lower / 2) * 2, lower, upper);
        }
        double rank = p * total;
        double cumulative = 0;
        int lastNonEmpty = 0;
        for (int j = 0; j < noisy.length; j++) {
            double m = Math.max(0, noisy[j]);
            if (m > 0) {
                lastNonEmpty = j;
                if (cumulative + m >= rank) {
                    double fraction = Math.min(1, Math.max(0, (rank - cumulative) / m));
                    return along(lower, upper, width, j + fraction, noisy.length);
                }
            }
            cumulative += m;
        }
        return along(lower, upper, width, lastNonEmpty + 1, noisy.length);
    }

    /**
     * The first and last bucket that can hold the true p-quantile (the order statistic of rank max(1, ⌈p·n⌉)) when
     * every true count n_j lies in [max(0, ñ_j − h), ñ_j + h]. It lies at or before bucket J iff C_J ≥ max(1, p·n),
     * i.e. (1 − p)·C_J ≥ p·(n − C_J) and C_J ≥ 1, which some admissible counts satisfy iff the largest C_J and the
     * smallest rest do; symmetrically for "after J".
     */
    static int[] quantileBucketRange(double[] noisy, double h, double p) {
        int b = noisy.length;
        double[] low = new double[b];
        double[] high = new double[b];
        double totalLow = 0;
        double totalHigh = 0;
        for (int j = 0; j < b; j++) {
            low[j] = Math.max(0, noisy[j] - h);
            high[j] = Math.max(0, noisy[j] + h);
            totalLow += low[j];
            totalHigh += high[j];
        }
        int first = b - 1;
        double prefixHigh = 0;
        double prefixLow = 0;
        for (int j = 0; j < b; j++) {
            prefixHigh += high[j];
            double restLow = Math.max(0, totalLow - (prefixLow + low[j]));
            if (prefixHigh >= 1 && (1 - p) * prefixHigh >= p * restLow) {
                first = j;
                break;
            }
            prefixLow += low[j];
        }
        int last = 0;
        prefixLow = 0;
        prefixHigh = 0;
        for (int j = 0; j < b; j++) {
            // can the quantile lie after bucket j − 1, i.e. in bucket j or later?
            double restHigh = Math.max(0, totalHigh - prefixHigh);
            if (prefixLow < 1 || (1 - p) * prefixLow < p * restHigh) {
                last = j;
            }
            prefixLow += low[j];
            prefixHigh += high[j];
        }
        return new int[]{Math.min(first, last), Math.max(first, last)};
    }

    private static StatisticResult scalar(Statistic statistic, double value, ConfidenceInterval ci,
                                          Allocation allocation, List<NoiseMechanism> parts, NoiseMechanism main) {
        return new StatisticResult(statistic, value, ci, List.of(), allocation.total(parts), main.kind(), main.scale(),
                main.sensitivity());
    }

    private static StatisticResult listResult(Statistic statistic, Object result, List<ConfidenceInterval> intervals,
                                              double level, Allocation allocation, NoiseMechanism mechanism) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double h = 0;
        for (ConfidenceInterval ci : intervals) {
            lo = Math.min(lo, ci.lower());
            hi = Math.max(hi, ci.upper());
            h = Math.max(h, ci.halfWidth());
        }
        return new StatisticResult(statistic, result, new ConfidenceInterval(lo, hi, h, level), intervals,
                allocation.total(List.of(mechanism)), mechanism.kind(), mechanism.scale(), mechanism.sensitivity());
    }

    private static double widen(double halfWidth, double value) {
        return halfWidth + Math.abs(value) * INTERVAL_SLACK;
    }

    private static double widenDown(double x, double scale) {
        return x - (Math.abs(x) + scale) * INTERVAL_SLACK;
    }

    private static double widenUp(double x, double scale) {
        return x + (Math.abs(x) + scale) * INTERVAL_SLACK;
    }

    /** The box of admissible true counts for a noisy count: [max(1, ñ − h), ñ + h], or null if it is empty. */
    private record Box(double nLow, double nHigh) {

        static @Nullable Box of(double noisyCount, double halfWidth) {
            double high = noisyCount + halfWidth;
            if (high < 1) {
                return null; // MEAN and VARIANCE have n ≥ 1, so the noise bound failed: fall back to the trivial interval
            }
            return new Box(Math.max(1, noisyCount - halfWidth), high);
        }

        /** The range of S/n for S in [sLow, sHigh] and n in the box: S/n is monotone in each, so corners suffice. */
        double[] ratio(double sLow, double sHigh) {
            double a = sLow / nLow;
            double b = sLow / nHigh;
            double c = sHigh / nLow;
            double d = sHigh / nHigh;
            return new double[]{Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d))};
        }
    }

    /** Clamping bounds, centre, radius R and the centred sum's public error bound for MEAN and VARIANCE. */
    private record Centring(double lower, double upper, double mid, double radius, double sumError) {

        static Centring of(StatisticQuery q, int maxValues) {
            double lower = requireBound(q.lower(), "lower");
            double upper = requireBound(q.upper(), "upper");
            double mid = lower / 2 + upper / 2;
            double radius = Math.max(Math.abs(lower - mid), Math.abs(upper - mid));
            return new Centring(lower, upper, mid, radius, BoundedSums.errorBound(maxValues, radius));
        }

        /**
         * How far the computed centred sum of at most nHigh rows can be from Σ(clamp(x) − mid) in exact arithmetic:
         * the summation error plus u·R per row for the rounding of each difference.
         */
        double centredSumError(double nHigh) {
            long rows = (long) Math.ceil(nHigh);
            return BoundedSums.errorBound(rows, radius) + rows * 1.01 * UNIT_ROUNDOFF * radius;
        }
    }

    /**
     * The budget split of one query: ε for LAPLACE, ρ = rhoFor(ε, δ) for GAUSSIAN, in equal parts. For one group of
     * a grouped release, each mechanism pays the grid rounding of every group one person can touch: the rounded
     * vectors of two neighbours differ in at most {@code groupsPerUnit} groups, each by up to one grid step more
     * than the true values do, so a mechanism of d coordinates is calibrated as one of d·groupsPerUnit.
     */
    private static final class Allocation {
        private final MechanismKind kind;
        private final double epsilon;
        private final double delta;
        private final int groupsPerUnit;
        private final double epsilonPart;
        private final double rhoPart;

        static Allocation of(StatisticQuery q, int parts) {
            return new Allocation(q.mechanism(), q.epsilon(), q.delta(), parts, q.groupsPerUnit());
        }

        Allocation(MechanismKind kind, double epsilon, double delta, int parts, int groupsPerUnit) {
            this.kind = kind;
            this.epsilon = epsilon;
            this.delta = delta;
            this.groupsPerUnit = groupsPerUnit;
            if (kind == MechanismKind.LAPLACE) {
                this.epsilonPart = splitDown(epsilon, parts);
                this.rhoPart = 0;
            } else {
                this.epsilonPart = 0;
                this.rhoPart = splitDown(ZcdpConversion.rhoFor(epsilon, delta), parts);
            }
        }

        /** total/parts, lowered until adding it up parts times in double stays at or below the total. */
        private static double splitDown(double total, int parts) {
            double part = total / parts;
            while (repeatSum(part, parts) > total) {
                part = Math.nextDown(part);
            }
            return part;
        }

        private static double repeatSum(double part, int parts) {
            double sum = 0;
            for (int i = 0; i < parts; i++) {
                sum += part;
            }
            return sum;
        }

        /**
         * @throws DpQueryException when the noise this needs is beyond {@link #MAX_SCALE} — a function of public
         *                          parameters only, so the refusal reveals nothing
         */
        NoiseMechanism mechanism(double sensitivity, int dimension) {
            int calibrated = Math.multiplyExact(dimension, groupsPerUnit);
            double rough = kind == MechanismKind.LAPLACE ? sensitivity / epsilonPart
                    : sensitivity / Math.sqrt(2 * rhoPart);
            if (!(rough <= MAX_SCALE)) {
                throw new DpQueryException("epsilon", "these bounds and this ε need noise of scale about " + rough
                        + ", beyond what a double can carry (2^960); raise ε or narrow the bounds");
            }
            NoiseMechanism mechanism = kind == MechanismKind.LAPLACE
                    ? LaplaceMechanism.calibrate(sensitivity, epsilonPart, calibrated)
                    : GaussianMechanism.forRho(sensitivity, rhoPart, calibrated, ZcdpConversion.epsilon(rhoPart, delta),
                            delta);
            if (!(mechanism.scale() <= 2 * MAX_SCALE)) {
                throw new DpQueryException("epsilon", "these bounds and this ε need noise of scale "
                        + mechanism.scale() + ", beyond what a double can carry; raise ε or narrow the bounds");
            }
            return mechanism;
        }

        PrivacyLoss total(List<NoiseMechanism> parts) {
            if (kind == MechanismKind.LAPLACE) {
                double sum = 0;
                for (NoiseMechanism part : parts) {
                    sum += part.loss().epsilon();
                }
                return PrivacyLoss.pure(sum);
            }
            double rho = 0;
            for (NoiseMechanism part : parts) {
                rho += part.loss().rho();
            }
            // The exact CKS ε(ρ, δ) increases with ρ (every α's bracket does), so ρ ≤ rhoFor(ε, δ), whose computed
            // ε is ≤ ε, guarantees (ε, δ); the numerical upper bound at a smaller ρ may wobble by ~1e-14 and is not
            // used for that reason. Should ρ ever exceed the target, the computed bound is reported instead.
            double implied = rho <= ZcdpConversion.rhoFor(epsilon, delta) ? epsilon
                    : Math.max(epsilon, ZcdpConversion.epsilon(rho, delta));
            return PrivacyLoss.zcdp(rho, implied, delta);
        }
    }

    // ---------------------------------------------------------------------------------------------- validation

    private static void validate(StatisticQuery q, int maxValues, boolean allowEmpty) {
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
            validateQuantiles(q.quantiles());
        }
        if (statistic == Statistic.HISTOGRAM) {
            validateHistogram(q);
        }
    }

    /**
     * Refuses bounds under which a sum of {@code maxValues} clamped terms (SUM: the values; MEAN: the values centred
     * on the midpoint; VARIANCE and STDDEV: also their squares) could exceed {@link #MAX_MAGNITUDE}. It looks only at
     * the bounds and the public row limit, never at the data, so that whether a query is refused — or could fail
     * after its charge — never depends on how many rows there are or what they hold.
     */
    private static void requireSummable(Statistic statistic, double lower, double upper, int maxValues) {
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

    private static void validateBudget(double epsilon, double delta, @Nullable MechanismKind kind) {
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

    private static void validateLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new DpQueryException("confidenceLevel", "must be in (0, 1)");
        }
    }

    private static void requireFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new DpQueryException("values[" + i + "]", "must be a finite number");
            }
        }
    }

    /** A sum that came out NaN had a non-finite input: name it. */
    private static double finite(double sum, double[] values) {
        if (Double.isNaN(sum)) {
            requireFinite(values);
        }
        return sum;
    }

    private static double requireBound(@Nullable Double bound, String field) {
        if (bound == null) {
            throw new DpQueryException(field, "is required");
        }
        return bound;
    }

    private static void validateQuantiles(double[] quantiles) {
        if (quantiles.length == 0) {
            throw new DpQueryException("quantiles", "must not be empty for QUANTILES");
        }
        for (int i = 0; i < quantiles.length; i++) {
            if (!(quantiles[i] >= 0 && quantiles[i] <= 1)) {
                throw new DpQueryException("quantiles[" + i + "]", "must be in [0, 1]");
            }
        }
    }

    private static void validateHistogram(StatisticQuery q) {
        boolean hasCategories = !q.categories().isEmpty();
        boolean hasBins = q.bins().length > 0;
        if (hasCategories == hasBins) {
            throw new DpQueryException(hasBins ? "bins" : "categories",
                    "a HISTOGRAM needs either categories or bins, not both");
        }
        if (hasCategories) {
            if (q.values().length > 0) {
                throw new DpQueryException("values", "a categorical HISTOGRAM counts categoricalValues");
            }
            if (q.categories().size() > MAX_BUCKETS) {
                throw new DpQueryException("categories", "at most " + MAX_BUCKETS + " categories are allowed");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < q.categories().size(); i++) {
                String category = q.categories().get(i);
                if (category == null) {
                    throw new DpQueryException("categories[" + i + "]", "must not be null");
                }
                if (!seen.add(category)) {
                    throw new DpQueryException("categories[" + i + "]", "duplicates an earlier category");
                }
            }
            return;
        }
        double[] bins = q.bins();
        if (bins.length < 2) {
            throw new DpQueryException("bins", "needs at least two edges");
        }
        if (bins.length > MAX_BUCKETS + 1) {
            throw new DpQueryException("bins", "at most " + MAX_BUCKETS + " bins are allowed");
        }
        for (int i = 0; i < bins.length; i++) {
            if (!Double.isFinite(bins[i])) {
                throw new DpQueryException("bins[" + i + "]", "must be finite");
            }
            if (i > 0 && !(bins[i] > bins[i - 1])) {
                throw new DpQueryException("bins[" + i + "]", "edges must be strictly increasing");
            }
        }
    }
}
