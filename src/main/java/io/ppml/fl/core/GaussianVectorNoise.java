package io.ppml.fl.core;

/**
 * The Gaussian mechanism over a vector, as DP-FedAvg needs it: the secure sampler lives in the DP module and the FL
 * shell passes it in, so this core stays free of noise generation and of the module dependency.
 *
 * <p>An implementation must be differentially private in the sense DESIGN §4 accounts it: for any two inputs whose
 * difference has L2 norm ≤ {@code l2Sensitivity}, its output distributions satisfy ρ-zCDP with
 * ρ = 1 / (2·noiseMultiplier²) — as adding independent N(0, σ²) noise with σ = noiseMultiplier · l2Sensitivity to
 * every coordinate does — and must resist the floating-point attacks of Mironov 2012 (exact noise on a
 * power-of-two grid, DESIGN §5), with randomness from {@code SecureRandom} only.
 */
@FunctionalInterface
public interface GaussianVectorNoise {

    /**
     * The noisy vector, rounded to float32 (post-processing, which costs no privacy).
     *
     * @param values          the exact aggregate; the implementation may overwrite it, the caller does not read it
     *                        afterwards
     * @param l2Sensitivity   the bound on the L2 distance between the aggregates of neighbouring inputs, &gt; 0
     * @param noiseMultiplier σ / l2Sensitivity, &gt; 0
     * @return a new array of {@code values.length} finite floats
     */
    float[] release(double[] values, double l2Sensitivity, double noiseMultiplier);
}
