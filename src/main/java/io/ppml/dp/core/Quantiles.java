package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.List;

import static io.ppml.dp.core.DpPreconditions.requireBound;

/**
 * QUANTILES: a noisy histogram of {@link #BUCKETS} equal buckets of [lower, upper] (sensitivity c, the whole budget),
 * from whose cumulative counts (negative ones taken as 0) every requested quantile is read, interpolating linearly
 * inside its bucket — post-processing, so any number of quantiles costs one ε.
 *
 * <p>Interval: each bucket noise is bounded at level 1 − (1 − level)/B, so all hold together with probability ≥ level
 * (union bound); a quantile's interval runs from the first to the last bucket that can hold it for some bucket counts
 * within those bounds. It depends on the noisy counts, so a plan states no half-width.
 */
final class Quantiles {

    /** Buckets of the histogram that QUANTILES reads. */
    static final int BUCKETS = 256;

    private Quantiles() {
    }

    static void validate(double[] quantiles) {
        if (quantiles.length == 0) {
            throw new DpQueryException("quantiles", "must not be empty for QUANTILES");
        }
        for (int i = 0; i < quantiles.length; i++) {
            if (!(quantiles[i] >= 0 && quantiles[i] <= 1)) {
                throw new DpQueryException("quantiles[" + i + "]", "must be in [0, 1]");
            }
        }
    }

    record Calibration(NoiseMechanism mechanism, ReleasePlan plan) {
    }

    static Calibration calibrate(StatisticQuery q) {
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(q.contributionsPerUnit(), BUCKETS);
        return new Calibration(mechanism, ReleasePlan.of(Statistic.QUANTILES, allocation,
                List.of("histogram of " + BUCKETS + " buckets"), List.of(mechanism), mechanism, null,
                q.confidenceLevel()));
    }

    static PreparedRelease prepare(StatisticQuery q) {
        double lower = requireBound(q.lower(), "lower");
        double upper = requireBound(q.upper(), "upper");
        int buckets = BUCKETS;
        double[] counts = new double[buckets];
        for (double x : q.values()) {
            counts[bucket(BoundedSums.clamp(x, lower, upper), lower, upper, buckets)]++;
        }
        double[] ps = q.quantiles().clone();
        Calibration k = calibrate(q);
        ReleasePlan plan = k.plan();
        double level = plan.level();
        return new PreparedRelease(plan, () -> {
            double[] noisy = k.mechanism().addNoise(counts);
            double h = k.mechanism().confidenceHalfWidth(1 - (1 - level) / buckets);
            double width = upper / buckets - lower / buckets;
            double slack = Math.abs(lower) * ConfidenceInterval.SLACK + Math.abs(upper) * ConfidenceInterval.SLACK;
            List<Double> result = new ArrayList<>(ps.length);
            List<ConfidenceInterval> intervals = new ArrayList<>(ps.length);
            for (double p : ps) {
                double value = read(noisy, p, lower, upper, width);
                int[] range = bucketRange(noisy, h, p);
                double lo = Math.max(lower, edge(lower, upper, width, range[0], buckets) - slack);
                double hi = Math.min(upper, edge(lower, upper, width, range[1] + 1, buckets) + slack);
                result.add(value);
                intervals.add(ConfidenceInterval.of(value, Math.min(lo, value), Math.max(hi, value), level));
            }
            return plan.entries(result, intervals);
        });
    }

    /** The equal-width bucket of a clamped x in [lower, upper], computed without overflow for any finite bounds. */
    static int bucket(double x, double lower, double upper, int buckets) {
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
    static double read(double[] noisy, double p, double lower, double upper, double width) {
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
    static int[] bucketRange(double[] noisy, double h, double p) {
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
}
