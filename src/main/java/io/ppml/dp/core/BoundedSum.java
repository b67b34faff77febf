package io.ppml.dp.core;

import java.util.List;

import static io.ppml.dp.core.DpPreconditions.finite;
import static io.ppml.dp.core.DpPreconditions.requireBound;

/**
 * SUM: Σ clamp(x, lower, upper) plus noise calibrated for c·max(|lower|, |upper|) + 2e·groupsPerUnit, where e is the
 * public error bound of a floating-point sum of at most {@code maxValues} such terms ({@link BoundedSums}). Its
 * interval is ± (the mechanism's half-width + e), a public figure.
 */
final class BoundedSum {

    private BoundedSum() {
    }

    record Calibration(NoiseMechanism mechanism, ReleasePlan plan) {
    }

    static Calibration calibrate(StatisticQuery q, int maxValues) {
        double lower = requireBound(q.lower(), "lower");
        double upper = requireBound(q.upper(), "upper");
        double maxAbs = Math.max(Math.abs(lower), Math.abs(upper));
        double error = BoundedSums.errorBound(maxValues, maxAbs);
        double sensitivity = q.contributionsPerUnit() * maxAbs + 2 * error * q.groupsPerUnit();
        Allocation allocation = Allocation.of(q, 1);
        NoiseMechanism mechanism = allocation.mechanism(sensitivity, 1);
        double level = q.confidenceLevel();
        return new Calibration(mechanism, ReleasePlan.of(Statistic.SUM, allocation, List.of("sum"),
                List.of(mechanism), mechanism, mechanism.confidenceHalfWidth(level) + error, level));
    }

    static PreparedRelease prepare(StatisticQuery q, int maxValues) {
        double[] values = q.values();
        double sum = finite(BoundedSums.sumClamped(values, 0, values.length, requireBound(q.lower(), "lower"),
                requireBound(q.upper(), "upper")), values);
        Calibration k = calibrate(q, maxValues);
        ReleasePlan plan = k.plan();
        return new PreparedRelease(plan, () -> {
            double noisy = k.mechanism().addNoise(sum);
            return plan.scalar(noisy, ConfidenceInterval.around(noisy, ConfidenceInterval.widen(plan.halfWidth(),
                    noisy), plan.level()));
        });
    }
}
