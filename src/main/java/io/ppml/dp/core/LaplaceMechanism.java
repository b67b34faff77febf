package io.ppml.dp.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The Laplace mechanism made safe against the floating-point attack (Mironov 2012): the input, rounded to a
 * power-of-two grid g, plus exact discrete Laplace noise with integer scale t (in grid units), i.e. noise of scale
 * b = t·g.
 *
 * <h2>Calibration</h2>
 * For L1 sensitivity Δ, target ε and d coordinates: g = 2^k with k = ⌊log₂(Δ / max(d, ε))⌋ − 30 — a function of the
 * public parameters only, never of the data — so that the grid is 2^−30 of both the sensitivity per coordinate and
 * the noise scale. Rounding a coordinate to the grid moves it by at most g/2, so two neighbouring inputs whose true
 * values differ by at most Δ in L1 round to integer vectors that differ by at most (Δ + d·g)/g in L1. The discrete
 * Laplace with scale t is (L1 distance / t)-DP for integer inputs (CKS 2020 §2.2), hence this mechanism is
 * ε'-DP with ε' = (Δ + d·g)/(t·g), and t = ⌈(Δ + d·g)/(ε·g)⌉ — computed exactly in BigDecimal — makes ε' ≤ ε.
 *
 * <h2>Output</h2>
 * N = round(x/g) is an exact integer (long, or BigInteger when |x/g| ≥ 2^62); the noisy value N + Z is exact; the
 * double returned is (N + Z)·g correctly rounded ({@link Grid#toDouble}). That final rounding is a fixed function of
 * the exact DP value N + Z and nothing else, so it is post-processing and leaks nothing (Dwork &amp; Roth 2014,
 * Proposition 2.1). Outputs are integer multiples of {@link #granularity()}.
 */
public final class LaplaceMechanism implements NoiseMechanism {

    /** Grid bits below both the sensitivity per coordinate and the noise scale. */
    private static final int GRID_BITS = 30;
    /** A sensitivity of 0 is calibrated as this (any positive bound on 0 is a valid bound). */
    static final double MIN_SENSITIVITY = 0x1p-900;

    private final double sensitivity;
    private final double epsilon;
    private final int dimension;
    private final Grid grid;
    private final BigInteger t;
    private final long tLong; // t when t ≤ 2^52, else 0
    private final double scale;

    private LaplaceMechanism(double sensitivity, double epsilon, int dimension, Grid grid, BigInteger t) {
        this.sensitivity = sensitivity;
        this.epsilon = epsilon;
        this.dimension = dimension;
        this.grid = grid;
        this.t = t;
        this.tLong = t.compareTo(BigInteger.valueOf(DiscreteLaplace.MAX_LONG_SCALE)) <= 0 ? t.longValue() : 0;
        this.scale = t.doubleValue() * grid.spacing();
    }

    /**
     * @param l1Sensitivity the L1 sensitivity Δ of the whole vector (finite, ≥ 0)
     * @param epsilon       ε, finite and &gt; 0
     * @param dimension     the number of coordinates released together, ≥ 1
     * @throws IllegalArgumentException for any other argument
     */
    public static LaplaceMechanism calibrate(double l1Sensitivity, double epsilon, int dimension) {
        if (!(l1Sensitivity >= 0) || Double.isInfinite(l1Sensitivity)) {
            throw new IllegalArgumentException("sensitivity must be finite and >= 0, was " + l1Sensitivity);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, was " + epsilon);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
        double delta = Math.max(l1Sensitivity, MIN_SENSITIVITY);
        Grid grid = Grid.atMost(delta / Math.max(dimension, epsilon) * 0x1p-30);
        BigDecimal g = grid.spacingExact();
        BigDecimal numerator = new BigDecimal(delta).add(g.multiply(BigDecimal.valueOf(dimension)));
        BigInteger t = numerator.divide(new BigDecimal(epsilon).multiply(g), 0, RoundingMode.CEILING).toBigIntegerExact();
        return new LaplaceMechanism(l1Sensitivity, epsilon, dimension, grid, t.max(BigInteger.ONE));
    }

    @Override
    public double addNoise(double value) {
        requireFinite(value);
        return noisy(value, RandomBits.current());
    }

    @Override
    public double[] addNoise(double[] values) {
        if (values.length > dimension) {
            throw new IllegalArgumentException("calibrated for " + dimension + " values, got " + values.length);
        }
        for (double value : values) {
            requireFinite(value);
        }
        RandomBits bits = RandomBits.current();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = noisy(values[i], bits);
        }
        return out;
    }

    private double noisy(double value, RandomBits bits) {
        if (tLong != 0 && grid.fitsLong(value)) {
            long n = grid.unitsLong(value);
            long z = DiscreteLaplace.sample(tLong, bits);
            long sum = n + z;
            if (((n ^ sum) & (z ^ sum)) >= 0) { // no overflow
                return grid.toDouble(sum);
            }
            return grid.toDouble(BigInteger.valueOf(n).add(BigInteger.valueOf(z)));
        }
        BigInteger z = tLong != 0 ? BigInteger.valueOf(DiscreteLaplace.sample(tLong, bits)) : DiscreteLaplace.sample(t, bits);
        return grid.toDouble(grid.unitsBig(value).add(z));
    }

    /**
     * The smallest h = k·g (plus g for the rounding of the input to the grid, which moves it by at most g/2) with
     * P(|Z| &gt; k) ≤ 1 − level for the discrete Laplace noise Z in grid units.
     *
     * <p>Derivation: P(Z = z) = (1 − q)/(1 + q) · q^|z| with q = e^(−1/t) (CKS 2020 Definition 5 normalised), so for
     * m ≥ 1, P(Z ≥ m) = (1 − q)/(1 + q) · q^m/(1 − q) = q^m/(1 + q) and P(|Z| ≥ m) = 2q^m/(1 + q). Hence
     * P(|Z| &gt; k) = 2q^(k+1)/(1 + q) ≤ 1 − level ⟺ k + 1 ≥ −t·[ln(1 − level) − ln((1 + q)/2)], evaluated with
     * log1p/expm1 and rounded up by a relative 10^(−12) so that rounding can only widen it (by one grid step at most).
     */
    @Override
    public double confidenceHalfWidth(double level) {
        requireLevel(level);
        double tD = t.doubleValue();
        double x = -tD * (Math.log1p(-level) - Math.log1p(Math.expm1(-1 / tD) / 2));
        double k = Math.max(0, Math.ceil(x + Math.abs(x) * 1e-12) - 1);
        return (k + 1) * grid.spacing();
    }

    static void requireLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), was " + level);
        }
    }

    static void requireFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("values must be finite, got " + value);
        }
    }

    /** The noise scale b = t·g. */
    @Override
    public double scale() {
        return scale;
    }

    @Override
    public double granularity() {
        return grid.spacing();
    }

    /** The integer scale t of the discrete Laplace noise, in grid units. */
    public BigInteger gridScale() {
        return t;
    }

    @Override
    public double sensitivity() {
        return sensitivity;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The requested ε; the mechanism's actual ε' = (Δ + d·g)/(t·g) is at most this. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public MechanismKind kind() {
        return MechanismKind.LAPLACE;
    }

    @Override
    public PrivacyLoss loss() {
        return PrivacyLoss.pure(epsilon);
    }

    @Override
    public String toString() {
        return "LAPLACE scale=" + scale + " sensitivity=" + sensitivity + " epsilon=" + epsilon + " granularity="
                + grid.spacing() + " dimension=" + dimension;
    }
}
