package io.ppml.dp.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import io.ppml.budget.core.ZcdpConversion;
import org.apache.commons.math3.special.Erf;

/**
 * The Gaussian mechanism made safe against the floating-point attack: the input, rounded to a power-of-two grid g,
 * plus exact discrete Gaussian noise N_Z(0, s²) in grid units (CKS 2020 Algorithm 3), i.e. noise with σ = s·g for an
 * integer s.
 *
 * <h2>Calibration</h2>
 * The target (ε, δ) is turned into a zCDP budget ρ = {@link ZcdpConversion#rhoFor}(ε, δ). Rounding each of d
 * coordinates to the grid moves the vector by at most √d·g/2 in L2, so neighbouring inputs with true L2 distance at
 * most Δ₂ round to integer vectors at L2 distance at most (Δ₂ + √d·g)/g; the discrete Gaussian with parameter s is
 * then ρ'-zCDP with ρ' = (Δ₂ + √d·g)²/(2s²g²) (CKS 2020 Theorem 4; Bun &amp; Steinke 2016 Proposition 1.6 for the
 * vector form, since the coordinates are independent). The grid is g = 2^k with k = ⌊log₂ min(Δ₂/√d, Δ₂/√(2ρ))⌋ − 30,
 * public parameters only; s is the smallest integer found with ρ' ≤ ρ, checked in exact BigDecimal arithmetic with
 * √d and the quotient rounded up. {@link #rho()} reports ρ' (rounded up), the amount to charge.
 *
 * <p>The output is (N + Z)·g correctly rounded from the exact integer N + Z — post-processing, as for
 * {@link LaplaceMechanism}.
 */
public final class GaussianMechanism implements NoiseMechanism {

    private final double sensitivity;
    private final double epsilon;
    private final double delta;
    private final int dimension;
    private final Grid grid;
    private final BigInteger s;
    private final BigInteger sSquared;
    private final double sigma;
    private final double rho;

    private GaussianMechanism(double sensitivity, double epsilon, double delta, int dimension, Grid grid, BigInteger s,
                              double rho) {
        this.sensitivity = sensitivity;
        this.epsilon = epsilon;
        this.delta = delta;
        this.dimension = dimension;
        this.grid = grid;
        this.s = s;
        this.sSquared = s.multiply(s);
        this.sigma = s.doubleValue() * grid.spacing();
        this.rho = rho;
    }

    /**
     * @param l2Sensitivity the L2 sensitivity Δ₂ of the whole vector (finite, ≥ 0)
     * @param epsilon       ε, finite and &gt; 0
     * @param delta         δ in (0, 1)
     * @param dimension     the number of coordinates released together, ≥ 1
     * @throws IllegalArgumentException for any other argument
     */
    public static GaussianMechanism calibrate(double l2Sensitivity, double epsilon, double delta, int dimension) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, was " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1) for the Gaussian mechanism, was " + delta);
        }
        return forRho(l2Sensitivity, ZcdpConversion.rhoFor(epsilon, delta), dimension, epsilon, delta);
    }

    /**
     * Calibrated for a zCDP budget ρ directly (a part of a statistic that splits ρ between parts); (ε, δ) are only
     * reported in {@link #loss()} and must satisfy {@code ZcdpConversion.epsilon(rho, delta) <= epsilon}.
     */
    static GaussianMechanism forRho(double l2Sensitivity, double targetRho, int dimension, double epsilon,
                                    double delta) {
        if (!(l2Sensitivity >= 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("sensitivity must be finite and >= 0, was " + l2Sensitivity);
        }
        if (!(targetRho > 0) || Double.isInfinite(targetRho)) {
            throw new IllegalArgumentException("rho must be finite and > 0, was " + targetRho);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
        double sens = Math.max(l2Sensitivity, LaplaceMechanism.MIN_SENSITIVITY);
        double sqrtD = Math.sqrt(dimension);
        double roughSigma = sens / Math.sqrt(2 * targetRho);
        Grid grid = Grid.atMost(Math.min(sens / sqrtD, roughSigma) * 0x1p-30);
        BigDecimal g = grid.spacingExact();
        // Δ₂ + √d·g with √d rounded up (Math.sqrt is correctly rounded, so its next double is an upper bound)
        BigDecimal shifted = new BigDecimal(sens).add(new BigDecimal(Math.nextUp(sqrtD)).multiply(g));
        BigDecimal numerator = shifted.multiply(shifted);
        BigDecimal gSquared = g.multiply(g);
        double sigmaTarget = shifted.doubleValue() / Math.sqrt(2 * targetRho);
        BigInteger s = new BigDecimal(sigmaTarget).divide(g).setScale(0, RoundingMode.CEILING).toBigIntegerExact()
                .max(BigInteger.ONE);
        MathContext mc = new MathContext(40, RoundingMode.CEILING);
        while (true) {
            BigDecimal sBig = new BigDecimal(s);
            BigDecimal charged = numerator.divide(sBig.multiply(sBig).multiply(gSquared).multiply(BigDecimal.valueOf(2)), mc);
            double rho = roundUp(charged);
            if (rho <= targetRho) {
                return new GaussianMechanism(l2Sensitivity, epsilon, delta, dimension, grid, s, rho);
            }
            // σ was rounded in double; step up by a relative 2^−40 (at least one grid step) until ρ' fits
            s = s.add(s.shiftRight(40).max(BigInteger.ONE));
        }
    }

    private static double roundUp(BigDecimal value) {
        double d = value.doubleValue();
        if (new BigDecimal(d).compareTo(value) < 0) {
            d = Math.nextUp(d);
        }
        return d;
    }

    @Override
    public double addNoise(double value) {
        LaplaceMechanism.requireFinite(value);
        return noisy(value, RandomBits.current());
    }

    @Override
    public double[] addNoise(double[] values) {
        if (values.length > dimension) {
            throw new IllegalArgumentException("calibrated for " + dimension + " values, got " + values.length);
        }
        for (double value : values) {
            LaplaceMechanism.requireFinite(value);
        }
        RandomBits bits = RandomBits.current();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = noisy(values[i], bits);
        }
        return out;
    }

    private double noisy(double value, RandomBits bits) {
        BigInteger z = DiscreteGaussian.sample(sSquared, bits);
        if (grid.fitsLong(value) && z.bitLength() < 62) {
            long n = grid.unitsLong(value);
            long zl = z.longValue();
            long sum = n + zl;
            if (((n ^ sum) & (zl ^ sum)) >= 0) {
                return grid.toDouble(sum);
            }
        }
        return grid.toDouble(grid.unitsBig(value).add(z));
    }

    /**
     * z·σ + 2g with z = Φ^(−1)((1 + level)/2). Conservative: for the discrete Gaussian with parameter s (grid units)
     * and any integer k ≥ 1, Σ_{z≥k} e^(−z²/2s²) ≤ ∫_{k−1}^∞ e^(−x²/2s²)dx (the summand is at most the integral over
     * [z − 1, z], the integrand decreasing there), and the normaliser Σ_{z∈ℤ} e^(−z²/2s²) ≥ √(2π)·s (Poisson
     * summation: it equals √(2π)·s·Σ_n e^(−2π²s²n²)). So P(|Z| ≥ k) ≤ 2(1 − Φ((k − 1)/s)), and with
     * k − 1 = ⌈z·s⌉ the noise satisfies |Z|·g ≤ ⌈z·s⌉·g ≤ z·σ + g with probability ≥ level; a further g covers the
     * rounding of the input to the grid (g/2). z is computed with commons-math's inverse erfc and then increased
     * until erfc(z/√2) ≤ 1 − level, so numerical error can only widen the interval.
     */
    @Override
    public double confidenceHalfWidth(double level) {
        LaplaceMechanism.requireLevel(level);
        return normalQuantileTwoSided(level) * sigma + 2 * grid.spacing();
    }

    /** The z with P(|N(0, 1)| &gt; z) ≤ 1 − level, verified with erfc. */
    static double normalQuantileTwoSided(double level) {
        double alpha = 1 - level;
        double z = Math.sqrt(2) * Erf.erfcInv(alpha);
        if (!Double.isFinite(z)) {
            z = 40; // P(|N| > 40) < 1e-300: only reachable for levels that round to 1
        }
        while (Erf.erfc(z / Math.sqrt(2)) > alpha) {
            z = z * (1 + 1e-9) + 1e-12;
        }
        return z;
    }

    /** σ = s·g. */
    public double sigma() {
        return sigma;
    }

    /** The zCDP charge ρ' = (Δ₂ + √d·g)²/(2σ²), rounded up; at most the ρ the mechanism was calibrated for. */
    public double rho() {
        return rho;
    }

    /** The requested ε. */
    public double epsilon() {
        return epsilon;
    }

    public double delta() {
        return delta;
    }

    /** The noise scale σ. */
    @Override
    public double scale() {
        return sigma;
    }

    @Override
    public double granularity() {
        return grid.spacing();
    }

    /** The integer s with σ = s·g. */
    public BigInteger gridSigma() {
        return s;
    }

    @Override
    public double sensitivity() {
        return sensitivity;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public MechanismKind kind() {
        return MechanismKind.GAUSSIAN;
    }

    @Override
    public PrivacyLoss loss() {
        return PrivacyLoss.zcdp(rho, epsilon, delta);
    }

    @Override
    public String toString() {
        return "GAUSSIAN sigma=" + sigma + " sensitivity=" + sensitivity + " rho=" + rho + " epsilon=" + epsilon
                + " delta=" + delta + " granularity=" + grid.spacing() + " dimension=" + dimension;
    }
}
