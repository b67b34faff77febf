package io.ppml.dp.core;

import java.util.List;

/**
 * COUNT: the number of rows plus noise calibrated for sensitivity c (one person adds or removes at most c rows), the
 * whole budget on one part. Its interval is ± the mechanism's half-width, a public figure.
 */
final class Count {

    private Count() {
    }

    record Calibration(NoiseMechanism mechanism, ReleasePlan plan) {
    }

    static Calibration calibrate(StatisticQuery q) {
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(q.contributionsPerUnit(), 1);
        double level = q.confidenceLevel();
        return new Calibration(mechanism, ReleasePlan.of(Statistic.COUNT, allocation, List.of("count"),
                List.of(mechanism), mechanism, mechanism.confidenceHalfWidth(level), level));
    }

    static PreparedRelease prepare(StatisticQuery q) {
        Calibration k = calibrate(q);
        long n = q.categoricalValues().isEmpty() ? q.values().length : q.categoricalValues().size();
        ReleasePlan plan = k.plan();
        return new PreparedRelease(plan, () -> {
            double noisy = k.mechanism().addNoise((double) n);
            return plan.scalar(noisy, ConfidenceInterval.around(noisy, plan.halfWidth(), plan.level()));
        });
    }
}
