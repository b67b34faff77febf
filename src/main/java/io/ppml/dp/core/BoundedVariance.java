package io.ppml.dp.core;

import java.util.List;

import static io.ppml.dp.core.DpPreconditions.finite;

/**
 * VARIANCE and STDDEV: a third of the budget each on the count (sensitivity c), the centred sum Σφ (c·R + 2e(R))
 * and the centred sum of squares Σφ² (c·R² + 2e(R²)), the error terms paid per touched group. VARIANCE =
 * clamp(m₂ − m₁², 0, R²) with m_k = noisy Σφ^k / max(noisy count, 1); STDDEV = √VARIANCE — the same release, read
 * differently, so both cost the same.
 *
 * <p>Interval: a three-way split of 1 − level, then V = S₂/n − (S₁/n)² bounded by interval arithmetic over the box of
 * admissible counts and sums, intersected with [0, R²]; STDDEV the square roots. It depends on the noisy answer, so a
 * plan states no half-width.
 */
final class BoundedVariance {

    private BoundedVariance() {
    }

    record Calibration(Centring centring, NoiseMechanism count, NoiseMechanism sum, NoiseMechanism squares,
                       double squareBound, ReleasePlan plan) {
    }

    static Calibration calibrate(StatisticQuery q, int maxValues) {
        Statistic statistic = q.statistic() == Statistic.STDDEV ? Statistic.STDDEV : Statistic.VARIANCE;
        Centring k = Centring.of(q, maxValues);
        int c = q.contributionsPerUnit();
        double squareBound = k.radius() * k.radius(); // fl is monotone: every fl(φ·φ) is at most fl(R·R)
        double squareError = BoundedSums.errorBound(maxValues, squareBound);
        Allocation allocation = Allocation.of(q, 3);
        int g = q.groupsPerUnit();
        NoiseMechanism count = allocation.mechanism(c, 1);
        NoiseMechanism sum = allocation.mechanism(c * k.radius() + 2 * k.sumError() * g, 1);
        NoiseMechanism squares = allocation.mechanism(c * squareBound + 2 * squareError * g, 1);
        return new Calibration(k, count, sum, squares, squareBound, ReleasePlan.of(statistic, allocation,
                List.of("count", "centred sum", "centred sum of squares"), List.of(count, sum, squares), squares,
                null, q.confidenceLevel()));
    }

    static PreparedRelease prepare(StatisticQuery q, int maxValues) {
        double[] values = q.values();
        long n = values.length;
        double[] sums = new double[2];
        if (values.length > 0) {
            Centring centring = Centring.of(q, maxValues);
            BoundedSums.sumCentredAndSquares(values, 0, values.length, centring.lower(), centring.upper(),
                    centring.mid(), sums);
            finite(sums[0], values);
        }
        Calibration k = calibrate(q, maxValues);
        ReleasePlan plan = k.plan();
        Statistic statistic = plan.statistic();
        double level = plan.level();
        double squareBound = k.squareBound();
        double maxVariance = squareBound * (1 + 4 * BoundedSums.UNIT_ROUNDOFF);
        return new PreparedRelease(plan, () -> {
            double noisyCount = k.count().addNoise((double) n);
            double noisySum = k.sum().addNoise(sums[0]);
            double noisySquares = k.squares().addNoise(sums[1]);
            double denominator = Math.max(noisyCount, 1);
            double m1 = noisySum / denominator;
            double variance = BoundedSums.clamp(noisySquares / denominator - m1 * m1, 0, maxVariance);
            double partLevel = 1 - (1 - level) / 3;
            CountBox box = CountBox.of(noisyCount, k.count().confidenceHalfWidth(partLevel));
            double lo = 0;
            double hi = maxVariance;
            if (box != null) {
                double h1 = k.sum().confidenceHalfWidth(partLevel) + k.centring().centredSumError(box.nHigh());
                // per row: |fl(φ²) − (x − mid)²| ≤ u·φ² + |φ − (x − mid)|·|φ + (x − mid)| ≤ 3.1u·R²
                long rows = (long) Math.ceil(box.nHigh());
                double h2 = k.squares().confidenceHalfWidth(partLevel) + BoundedSums.errorBound(rows, squareBound)
                        + rows * 3.1 * BoundedSums.UNIT_ROUNDOFF * squareBound;
                double[] a = box.ratio(noisySum - h1, noisySum + h1);
                double[] b = box.ratio(Math.max(0, noisySquares - h2), Math.max(0, noisySquares + h2));
                double maxSquare = Math.max(a[0] * a[0], a[1] * a[1]);
                double minSquare = a[0] <= 0 && a[1] >= 0 ? 0 : Math.min(a[0] * a[0], a[1] * a[1]);
                lo = Math.max(0, ConfidenceInterval.widenDown(b[0] - maxSquare, squareBound));
                hi = Math.min(maxVariance, ConfidenceInterval.widenUp(b[1] - minSquare, squareBound));
            }
            lo = Math.min(lo, variance);
            hi = Math.max(hi, variance);
            if (statistic == Statistic.STDDEV) {
                double sd = Math.sqrt(variance);
                return plan.scalar(sd, ConfidenceInterval.of(sd, Math.sqrt(lo), Math.sqrt(hi), level));
            }
            return plan.scalar(variance, ConfidenceInterval.of(variance, lo, hi, level));
        });
    }
}
