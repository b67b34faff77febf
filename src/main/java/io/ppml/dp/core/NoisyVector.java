package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.List;

import static io.ppml.dp.core.DpPreconditions.requireFinite;
import static io.ppml.dp.core.DpPreconditions.validateBudget;
import static io.ppml.dp.core.DpPreconditions.validateLevel;

/**
 * The seed's {@code add_laplace_noise}, done safely: every value plus independent noise, calibrated for the stated
 * sensitivity of the whole vector (L1 for LAPLACE, L2 for GAUSSIAN), the whole budget on one part. Every entry shares
 * one half-width, bounded at level 1 − (1 − level)/n so that all n hold together (union bound) — a public figure.
 */
final class NoisyVector {

    private NoisyVector() {
    }

    /** Checks the arguments, in the order whose first failure is reported. */
    static void validate(double[] values, double sensitivity, double epsilon, double delta, MechanismKind kind,
                         double level, int maxValues) {
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
    }

    record Calibration(NoiseMechanism mechanism, ReleasePlan plan) {
    }

    /** For {@code dimension} values: the number of values is public (the caller sent them). */
    static Calibration calibrate(int dimension, double sensitivity, double epsilon, double delta, MechanismKind kind,
                                 double level) {
        Allocation allocation = new Allocation(kind, epsilon, delta, 1, 1);
        NoiseMechanism mechanism = allocation.mechanism(sensitivity, dimension);
        return new Calibration(mechanism, ReleasePlan.of(null, allocation, List.of("values"), List.of(mechanism),
                mechanism, mechanism.confidenceHalfWidth(1 - (1 - level) / dimension), level));
    }

    static PreparedRelease prepare(double[] values, double sensitivity, double epsilon, double delta,
                                   MechanismKind kind, double level) {
        Calibration k = calibrate(values.length, sensitivity, epsilon, delta, kind, level);
        double[] copy = values.clone();
        ReleasePlan plan = k.plan();
        return new PreparedRelease(plan, () -> {
            double[] noisy = k.mechanism().addNoise(copy);
            double h = plan.halfWidth();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            List<Double> out = new ArrayList<>(noisy.length);
            for (double v : noisy) {
                out.add(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return new StatisticResult(null, out, new ConfidenceInterval(min - h, max + h, h, plan.level()),
                    List.of(), plan.loss(), plan.kind(), plan.scale(), plan.sensitivity());
        });
    }
}
