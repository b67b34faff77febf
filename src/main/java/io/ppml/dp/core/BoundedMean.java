package io.ppml.dp.core;

import java.util.List;

import static io.ppml.dp.core.DpPreconditions.finite;

/**
 * MEAN: half the budget on the count (sensitivity c), half on the centred sum Σφ (sensitivity c·R + 2e(R) per
 * touched group, see {@link Centring}); the answer is clamp(mid + noisy Σφ / max(noisy count, 1), lower, upper).
 *
 * <p>Interval: the 1 − level is split evenly between count and sum (union bound); with both inside their intervals,
 * the true n lies in [max(1, ñ − h₁), ñ + h₁] and the true centred sum in [s̃ − h₂ − E, s̃ + h₂ + E] (E: summation and
 * centring error for at most ñ + h₁ rows), and the mean mid + S/n is bounded by the extremes of S/n over that box,
 * intersected with [lower, upper]. It depends on the noisy answer, so a plan states no half-width.
 */
final class BoundedMean {

    private BoundedMean() {
    }

    record Calibration(Centring centring, NoiseMechanism count, NoiseMechanism sum, ReleasePlan plan) {
    }

    static Calibration calibrate(StatisticQuery q, int maxValues) {
        Centring k = Centring.of(q, maxValues);
        int c = q.contributionsPerUnit();
        Allocation allocation = Allocation.of(q, 2);
        NoiseMechanism count = allocation.mechanism(c, 1);
        NoiseMechanism sum = allocation.mechanism(c * k.radius() + 2 * k.sumError() * q.groupsPerUnit(), 1);
        return new Calibration(k, count, sum, ReleasePlan.of(Statistic.MEAN, allocation,
                List.of("count", "centred sum"), List.of(count, sum), sum, null, q.confidenceLevel()));
    }

    static PreparedRelease prepare(StatisticQuery q, int maxValues) {
        Centring centring = Centring.of(q, maxValues);
        double[] values = q.values();
        long n = values.length;
        double centredSum = finite(BoundedSums.sumCentred(values, 0, values.length, centring.lower(),
                centring.upper(), centring.mid()), values);
        Calibration k = calibrate(q, maxValues);
        ReleasePlan plan = k.plan();
        double level = plan.level();
        return new PreparedRelease(plan, () -> {
            double noisyCount = k.count().addNoise((double) n);
            double noisySum = k.sum().addNoise(centredSum);
            double mean = BoundedSums.clamp(centring.mid() + noisySum / Math.max(noisyCount, 1), centring.lower(),
                    centring.upper());
            double partLevel = 1 - (1 - level) / 2;
            CountBox box = CountBox.of(noisyCount, k.count().confidenceHalfWidth(partLevel));
            ConfidenceInterval ci;
            if (box == null) {
                ci = ConfidenceInterval.of(mean, centring.lower(), centring.upper(), level);
            } else {
                double slack = centring.centredSumError(box.nHigh());
                double h = k.sum().confidenceHalfWidth(partLevel) + slack;
                double[] ratio = box.ratio(noisySum - h, noisySum + h);
                double lo = Math.max(centring.lower(), ConfidenceInterval.widenDown(centring.mid() + ratio[0],
                        centring.radius()));
                double hi = Math.min(centring.upper(), ConfidenceInterval.widenUp(centring.mid() + ratio[1],
                        centring.radius()));
                ci = ConfidenceInterval.of(mean, Math.min(lo, mean), Math.max(hi, mean), level);
            }
            return plan.scalar(mean, ci);
        });
    }
}
