package io.ppml.fl.core;

import java.util.ArrayList;
import java.util.List;

import io.ppml.refusal.FieldError;
import org.jspecify.annotations.Nullable;

/**
 * A task's differential-privacy settings for DP-FedAvg (McMahan, Ramage, Talwar &amp; Zhang 2018, "Learning
 * Differentially Private Recurrent Language Models", Algorithm 1 with the fixed-denominator estimator): every update
 * is clipped to L2 norm ≤ {@code clipNorm}, the clipped updates are summed and divided by {@code expectedClients},
 * and Gaussian noise of standard deviation {@code noiseMultiplier · clipNorm / expectedClients} is added. Validated on
 * construction: every bad field is refused at once, each named by its JSON path under {@code dp}.
 *
 * @param clipNorm        the L2 bound C of one client's update: finite, &gt; 0
 * @param noiseMultiplier z, the noise's standard deviation in units of the sensitivity: finite, &gt; 0
 * @param expectedClients m, the expected number of clients per round and the fixed denominator: ≥ 1
 * @param population      the number of clients a round samples from, ≥ {@code expectedClients}; {@code null} when
 *                        every client takes part in every round
 * @param delta           the task's δ, counted once for the whole task: in (0, 1)
 */
public record DpSettings(double clipNorm, double noiseMultiplier, int expectedClients, @Nullable Long population,
                         double delta) {

    /**
     * The largest noise standard deviation allowed: a Gaussian sample exceeds 2^27 σ with probability below
     * exp(−2^53), so with σ ≤ 2^100 a released float32 weight (at most 2^128) is never infinite in practice.
     */
    public static final double MAX_NOISE_STDDEV = 0x1p100;

    /** The relative increase of the sensitivity that pays for floating-point rounding in the aggregate. */
    static final double FLOATING_POINT_SLACK = 0x1p-19;

    public DpSettings {
        List<FieldError> errors = new ArrayList<>();
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            errors.add(new FieldError("dp.clipNorm", "must be finite and > 0"));
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            errors.add(new FieldError("dp.noiseMultiplier", "must be finite and > 0"));
        }
        if (expectedClients < 1) {
            errors.add(new FieldError("dp.expectedClients", "must be at least 1"));
        }
        if (population != null && population < Math.max(expectedClients, 1)) {
            errors.add(new FieldError("dp.population", "must be at least expectedClients"));
        }
        if (!(delta > 0 && delta < 1)) {
            errors.add(new FieldError("dp.delta", "must be in (0, 1)"));
        }
        if (errors.isEmpty() && !(noiseMultiplier * sensitivity(clipNorm, expectedClients) <= MAX_NOISE_STDDEV)) {
            errors.add(new FieldError("dp.noiseMultiplier",
                    "noiseMultiplier · clipNorm / expectedClients must be at most 2^100"));
        }
        if (!errors.isEmpty()) {
            throw new FlException(errors);
        }
    }

    /** Settings without a population: every client takes part in every round (q = 1). */
    public static DpSettings withoutSampling(double clipNorm, double noiseMultiplier, int expectedClients,
                                             double delta) {
        return new DpSettings(clipNorm, noiseMultiplier, expectedClients, null, delta);
    }

    /**
     * The sampling rate q = expectedClients / population of DESIGN §8, which the RDP accountant of the
     * Poisson-subsampled Gaussian (Mironov, Talwar &amp; Zhang 2019) takes; 1 without a population. In (0, 1].
     */
    public double samplingRate() {
        return population == null ? 1.0 : (double) expectedClients / population;
    }

    /**
     * The L2 sensitivity of one round's released average: C / m, since adding or removing one client moves the exact
     * sum of clipped updates by at most C and the fixed denominator m does not change — times (1 + 2^-19), which
     * covers the rounding of the double sum and the division (at most 2·N·γ_N ≤ 2^-20 relative for rounds of
     * N ≤ {@link DpFedAvg#MAX_UPDATES} updates, see {@link DpFedAvg}), rounded up. The noise is calibrated from this,
     * so it is never too small; it is 2·10^-6 larger than C / m alone would make it.
     */
    public double l2Sensitivity() {
        return sensitivity(clipNorm, expectedClients);
    }

    private static double sensitivity(double clipNorm, int expectedClients) {
        double exact = clipNorm / expectedClients;
        // fma computes s·m − C with one rounding, which keeps its sign: negative means s is below the exact C/m
        double atLeastExact = Math.fma(exact, expectedClients, -clipNorm) < 0 ? Math.nextUp(exact) : exact;
        return Math.nextUp(atLeastExact * (1 + FLOATING_POINT_SLACK));
    }

    /** The noise's standard deviation σ = z · C / m (DESIGN §8), from {@link #l2Sensitivity()}; for display. */
    public double noiseStddev() {
        return noiseMultiplier * l2Sensitivity();
    }
}
