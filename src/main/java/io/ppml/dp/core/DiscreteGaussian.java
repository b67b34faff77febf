package io.ppml.dp.core;

import java.math.BigInteger;

/**
 * Exact samples of the discrete Gaussian N_Z(0, σ²): P(Z = z) ∝ e^(−z²/(2σ²)) over the integers, for a rational
 * σ² = num/den. Adding it to an integer-valued function with L2 sensitivity Δ is (Δ²/(2σ²))-zCDP (Canonne, Kamath
 * &amp; Steinke 2020, "The Discrete Gaussian for Differential Privacy", Theorem 4).
 *
 * <p>The sampler is their Algorithm 3: propose Y from the discrete Laplace with scale t = ⌊σ⌋ + 1 and accept it with
 * probability e^(−(|Y| − σ²/t)²/(2σ²)), an exact Bernoulli trial with the rational exponent
 * γ = (|Y|·den·t − num)² / (2·num·den·t²).
 */
public final class DiscreteGaussian {

    private DiscreteGaussian() {
    }

    /**
     * One sample with variance parameter σ² = sigmaSquaredNum / sigmaSquaredDen.
     *
     * @throws IllegalArgumentException unless both are positive
     */
    public static BigInteger sample(BigInteger sigmaSquaredNum, BigInteger sigmaSquaredDen, RandomBits bits) {
        if (sigmaSquaredNum.signum() <= 0 || sigmaSquaredDen.signum() <= 0) {
            throw new IllegalArgumentException("sigma squared must be a positive rational");
        }
        // ⌊σ⌋ = ⌊√⌊σ²⌋⌋, since ⌊√x⌋ = ⌊√⌊x⌋⌋ for every real x ≥ 0
        BigInteger t = sigmaSquaredNum.divide(sigmaSquaredDen).sqrt().add(BigInteger.ONE);
        BigInteger denT = sigmaSquaredDen.multiply(t);
        BigInteger gammaDen = sigmaSquaredNum.multiply(denT).multiply(t).shiftLeft(1);
        boolean longScale = t.compareTo(BigInteger.valueOf(DiscreteLaplace.MAX_LONG_SCALE)) <= 0;
        long tLong = t.longValue();
        while (true) {
            BigInteger y = longScale ? BigInteger.valueOf(DiscreteLaplace.sample(tLong, bits))
                    : DiscreteLaplace.sample(t, bits);
            BigInteger diff = y.abs().multiply(denT).subtract(sigmaSquaredNum);
            if (ExactBernoulli.exp(diff.multiply(diff), gammaDen, bits)) {
                return y;
            }
        }
    }

    /** One sample for an integer σ² (the mechanism's case: σ = s grid steps, σ² = s²). */
    public static BigInteger sample(BigInteger sigmaSquared, RandomBits bits) {
        return sample(sigmaSquared, BigInteger.ONE, bits);
    }
}
