package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ppml.dp.core.DpPreconditions.MAX_BUCKETS;

/**
 * HISTOGRAM: one noisy count per bucket, the whole budget on the vector. Categorical histograms count only declared
 * categories (other values are dropped — categories never come from the data); numeric bins are [e_i, e_(i+1)) with
 * the last one closed, and values outside [e_0, e_last] fall in no bin (dropped, not clamped: a clamp would pile
 * them into the edge bins). Counts are the raw noisy counts, possibly negative: clamping would bias them.
 *
 * <p>Sensitivity: a person's c rows change the bucket-count vector by v with v ≥ 0 coordinate-wise (or ≤ 0) and
 * Σv = c at most, so ‖v‖₁ ≤ c and ‖v‖₂ ≤ ‖v‖₁ = c, with equality when all c rows fall in one bucket — hence Δ₂ = c,
 * not √c (√c would need at most one row per person and bucket).
 *
 * <p>Interval: each of the B bucket noises is bounded at level 1 − (1 − level)/B, so all hold together with
 * probability ≥ level (union bound); every entry is ± that half-width, a public figure.
 */
final class Histogram {

    private Histogram() {
    }

    static void validate(StatisticQuery q) {
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

    record Calibration(NoiseMechanism mechanism, ReleasePlan plan) {
    }

    /** The buckets: the declared categories, or one per pair of adjacent bin edges. */
    private static int buckets(StatisticQuery q) {
        return q.categories().isEmpty() ? q.bins().length - 1 : q.categories().size();
    }

    static Calibration calibrate(StatisticQuery q) {
        int buckets = buckets(q);
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(q.contributionsPerUnit(), buckets);
        double level = q.confidenceLevel();
        double halfWidth = mechanism.confidenceHalfWidth(1 - (1 - level) / buckets);
        return new Calibration(mechanism, ReleasePlan.of(Statistic.HISTOGRAM, allocation,
                List.of("histogram of " + buckets + " buckets"), List.of(mechanism), mechanism, halfWidth, level));
    }

    static PreparedRelease prepare(StatisticQuery q) {
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
                int bin = bin(edges, x);
                if (bin >= 0) {
                    counts[bin]++;
                }
            }
        }
        Calibration k = calibrate(q);
        ReleasePlan plan = k.plan();
        return new PreparedRelease(plan, () -> {
            double[] noisy = k.mechanism().addNoise(counts);
            LinkedHashMap<String, Double> result = new LinkedHashMap<>();
            List<ConfidenceInterval> intervals = new ArrayList<>(noisy.length);
            for (int i = 0; i < noisy.length; i++) {
                result.put(labels.get(i), noisy[i]);
                intervals.add(ConfidenceInterval.around(noisy[i], plan.halfWidth(), plan.level()));
            }
            return plan.entries(result, intervals);
        });
    }

    /** The bin of x among edges e_0 &lt; … &lt; e_k: i with e_i ≤ x &lt; e_(i+1), the last bin closed; −1 outside. */
    static int bin(double[] edges, double x) {
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
}
