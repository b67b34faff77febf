package io.ppml.dp.core.vector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.stream.IntStream;

import io.ppml.dp.core.RandomBits;

/**
 * The Gaussian mechanism for long vectors — a DP-FedAvg model update of a million coordinates and more — made safe
 * against the floating-point attack (Mironov 2012) and fast: each coordinate is rounded to a power-of-two grid g and
 * gets exact discrete Gaussian noise of s grid steps, s·g being (barely) more than the nominal σ = z·Δ for the noise
 * multiplier z and the L2 sensitivity Δ. The release is ρ-zCDP with ρ = 1/(2z²), exactly the guarantee of the
 * continuous Gaussian mechanism with σ = z·Δ.
 *
 * <h2>Calibration (public parameters only: Δ, z and the dimension d)</h2>
 * <ol>
 *   <li><b>Grid.</b> g = 2^k is the largest power of two with g ≤ 2^(−16)·Δ/√d and g ≤ 2^(−16)·z·Δ (checked in exact
 *       arithmetic).</li>
 *   <li><b>Sensitivity in grid units.</b> Rounding N_i = round(x_i/g) moves each coordinate by at most 1/2 grid unit,
 *       so for neighbouring inputs x, x' with ‖x − x'‖₂ ≤ Δ the integer vectors satisfy
 *       ‖N − N'‖₂ ≤ ‖x − x'‖₂/g + ‖(N − x/g) − (N' − x'/g)‖₂ ≤ Δ/g + √d (triangle inequality; each coordinate of the
 *       last difference is at most 1).</li>
 *   <li><b>Noise.</b> Adding independent N_Z(0, s²) to each integer coordinate is ‖N − N'‖₂²/(2s²)-zCDP:
 *       Canonne, Kamath &amp; Steinke 2020 ("The Discrete Gaussian for Differential Privacy") Theorem 4 for one
 *       coordinate, D_α(N_Z(μ, s²) ‖ N_Z(ν, s²)) ≤ α(μ − ν)²/(2s²) for integers μ, ν, and Rényi divergences of
 *       independent coordinates add (zCDP composition, Bun &amp; Steinke 2016). So the release is
 *       ρ'-zCDP with ρ' = (Δ/g + √d)²/(2s²), and ρ' ≤ 1/(2z²) exactly when s ≥ z·(Δ/g + √d).</li>
 *   <li><b>s</b> is the smallest such integer, s = ⌈z·(Δ/g + √d)⌉, found in exact arithmetic: with a = z·Δ/g (exact,
 *       g being a power of two), s is the least integer with s − a ≥ 0 and (s − a)² ≥ z²·d — no square root is
 *       rounded.</li>
 *   <li><b>Cost.</b> The effective σ = s·g satisfies z·Δ &lt; s·g &lt; z·Δ + z·√d·g + g ≤ z·Δ·(1 + 2^(−15)), by the two
 *       bounds on g: σ grows by less than {@link #MAX_RELATIVE_SIGMA_INCREASE} (0.003 %), the variance by less than
 *       0.007 %.</li>
 * </ol>
 *
 * <h2>Release</h2>
 * Each x_i becomes the exact integer N_i = round(x_i/g) (half to even; x/g is an exact power-of-two scaling of a
 * double), gets independent exact noise Z_i ~ N_Z(0, s²) ({@code DiscreteGaussianSampler}, no floating point), and
 * the exact integer N_i + Z_i is converted to a float only at the end, by one fixed function of that integer:
 * (float)(N_i + Z_i) scaled by g — the float nearest (N_i + Z_i)·g in the normal float range, saturated at
 * ±{@link Float#MAX_VALUE} (choose Δ and z so that values and noise are floats of normal size: a grid below the
 * normal floats still releases privately, but loses the noise's low bits). That conversion is post-processing, and the outputs lie on the same grid whatever the
 * input, so the low bits reveal nothing (the defence of {@code io.ppml.dp.core}).
 *
 * <p>Values must satisfy |x_i| &lt; 2^62·g ({@link #maxMagnitude()}), so that N_i + Z_i fits a long; callers bound
 * their values (a clipped, averaged model update lies far inside). A value outside, or not finite, is refused with
 * an {@link IllegalArgumentException} before any noise is drawn — the refusal says that some value is out of range,
 * which is the caller's bounding error, so it names the limit but neither the value nor its index.
 *
 * <h2>Speed</h2>
 * The sampler uses long arithmetic and reads about 1.4·log₂ s + 21 random bits per coordinate (about 57 for
 * d = 10^6, z = 1) from {@link RandomBits}, this thread's buffer over its SecureRandom; at these rates the
 * SecureRandom itself is a sizeable share of the time (about a third on the development machine). With
 * {@code parallel} a vector longer than 32768 coordinates is split into chunks of that size, handled by the common
 * fork-join pool, each worker thread drawing from its own {@link RandomBits#current()}; the coordinates are
 * independent either way, so the output has the same distribution.
 */
public final class VectorGaussian {

    /** The grid is at least 2^16 times finer than both Δ/√d and z·Δ. */
    private static final int GRID_MARGIN_BITS = 16;

    /** s·g &lt; z·Δ·(1 + this): the whole cost of rounding to the grid and of s being an integer. */
    public static final double MAX_RELATIVE_SIGMA_INCREASE = 0x1p-15;

    /** Largest s, in grid steps (the sampler's range). */
    public static final long MAX_GRID_SIGMA = DiscreteGaussianSampler.MAX_SIGMA;

    /** |N_i| &lt; 2^62 leaves room for the noise in a long. */
    private static final double UNITS_LIMIT = 0x1p62;

    static final int CHUNK = 1 << 15;

    private final double l2Sensitivity;
    private final double noiseMultiplier;
    private final int dimension;
    private final int gridExponent;
    private final long gridSigma;
    private final double rho;
    private final DiscreteGaussianSampler sampler;

    private VectorGaussian(double l2Sensitivity, double noiseMultiplier, int dimension, int gridExponent,
                           long gridSigma, double rho) {
        this.l2Sensitivity = l2Sensitivity;
        this.noiseMultiplier = noiseMultiplier;
        this.dimension = dimension;
        this.gridExponent = gridExponent;
        this.gridSigma = gridSigma;
        this.rho = rho;
        this.sampler = new DiscreteGaussianSampler(gridSigma);
    }

    /**
     * Calibrates the release of up to {@code dimension} coordinates whose vector has L2 sensitivity
     * {@code l2Sensitivity}, with noise σ ≥ noiseMultiplier·l2Sensitivity (see the class comment).
     *
     * @param l2Sensitivity   Δ, finite and &gt; 0
     * @param noiseMultiplier z, finite and &gt; 0
     * @param dimension       d ≥ 1
     * @throws IllegalArgumentException for any other argument, or when the noise would exceed
     *                                  {@link #MAX_GRID_SIGMA} grid steps (never for z·√d ≤ 2^34, since
     *                                  s &lt; 2^17·max(z·√d, 1) + z·√d + 1), or
     *                                  Δ·min(z, 1/√d) lies outside [2^(−1000), 2^970]
     */
    public static VectorGaussian calibrate(double l2Sensitivity, double noiseMultiplier, int dimension) {
        if (!(l2Sensitivity > 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("l2Sensitivity must be finite and > 0, was " + l2Sensitivity);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and > 0, was " + noiseMultiplier);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
        BigDecimal delta = new BigDecimal(l2Sensitivity);
        BigDecimal z = new BigDecimal(noiseMultiplier);
        int k = gridExponent(delta, z, dimension, l2Sensitivity, noiseMultiplier);
        BigDecimal a = z.multiply(delta).multiply(new BigDecimal(Math.scalb(1.0, -k))); // z·Δ/g, exact
        BigDecimal zSquaredD = z.multiply(z).multiply(BigDecimal.valueOf(dimension));
        double estimate = Math.ceil(a.doubleValue() + noiseMultiplier * Math.sqrt(dimension));
        if (!(estimate <= MAX_GRID_SIGMA)) {
            throw new IllegalArgumentException("noiseMultiplier * sqrt(dimension) is too large: the noise would exceed"
                    + " 2^52 grid steps (up to 2^34 is always accepted)");
        }
        long s = Math.max(1, (long) estimate);
        // the double estimate is within a few units of ⌈a + z√d⌉; settle it exactly
        while (!covers(s, a, zSquaredD)) {
            s++;
        }
        while (s > 1 && covers(s - 1, a, zSquaredD)) {
            s--;
        }
        if (s > MAX_GRID_SIGMA) {
            throw new IllegalArgumentException("noiseMultiplier * sqrt(dimension) is too large: the noise would exceed"
                    + " 2^52 grid steps (up to 2^34 is always accepted)");
        }
        // ρ = 1/(2z²), rounded up: the guarantee, at least the exact ρ' = (Δ/g + √d)²/(2s²)
        BigDecimal exactRho = BigDecimal.ONE.divide(z.multiply(z).multiply(BigDecimal.valueOf(2)),
                new MathContext(40, RoundingMode.CEILING));
        double rho = exactRho.doubleValue();
        if (new BigDecimal(rho).compareTo(exactRho) < 0) {
            rho = Math.nextUp(rho);
        }
        return new VectorGaussian(l2Sensitivity, noiseMultiplier, dimension, k, s, rho);
    }

    /** Whether s ≥ a + √(z²d), i.e. s − a ≥ 0 and (s − a)² ≥ z²d, in exact arithmetic. */
    private static boolean covers(long s, BigDecimal a, BigDecimal zSquaredD) {
        BigDecimal rest = new BigDecimal(BigInteger.valueOf(s)).subtract(a);
        return rest.signum() >= 0 && rest.multiply(rest).compareTo(zSquaredD) >= 0;
    }

    /** The largest k with 2^(k+16)·√d ≤ Δ and 2^(k+16) ≤ z·Δ, i.e. 2^(2(k+16))·d ≤ Δ² and 2^(k+16) ≤ z·Δ. */
    private static int gridExponent(BigDecimal delta, BigDecimal z, int dimension, double l2Sensitivity,
                                    double noiseMultiplier) {
        // finite, since Δ is and the min then picks Δ/√d; a few ulps off, which the exact steps below repair
        double rough = Math.min(l2Sensitivity / Math.sqrt(dimension), noiseMultiplier * l2Sensitivity);
        if (!(rough >= 0x1p-1000 && rough <= 0x1p970)) {
            throw new IllegalArgumentException("l2Sensitivity * min(noiseMultiplier, 1/sqrt(dimension)) must lie in"
                    + " [2^-1000, 2^970], was " + rough);
        }
        int k = Math.getExponent(rough) - GRID_MARGIN_BITS;
        BigDecimal deltaSquared = delta.multiply(delta);
        BigDecimal zDelta = z.multiply(delta);
        BigDecimal d = BigDecimal.valueOf(dimension);
        while (fits(k + 1, deltaSquared, zDelta, d)) {
            k++;
        }
        while (!fits(k, deltaSquared, zDelta, d)) {
            k--;
        }
        return k; // within [−1017, 955]: a normal double, and 2^62·g and s·g stay finite
    }

    private static boolean fits(int k, BigDecimal deltaSquared, BigDecimal zDelta, BigDecimal d) {
        BigDecimal step = powerOfTwo(k + GRID_MARGIN_BITS);
        return step.multiply(step).multiply(d).compareTo(deltaSquared) <= 0 && step.compareTo(zDelta) <= 0;
    }

    private static BigDecimal powerOfTwo(int exponent) {
        return exponent >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(exponent))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-exponent)));
    }

    /**
     * {@code calibrate(l2Sensitivity, noiseMultiplier, values.length).release(values, parallel)}: the values plus
     * noise σ ≥ noiseMultiplier·l2Sensitivity, ρ = 1/(2·noiseMultiplier²)-zCDP.
     *
     * @throws IllegalArgumentException as {@link #calibrate} (an empty vector as dimension 0) and
     *                                  {@link #release(double[], boolean)}
     */
    public static float[] release(double[] values, double l2Sensitivity, double noiseMultiplier, boolean parallel) {
        return calibrate(l2Sensitivity, noiseMultiplier, values.length).release(values, parallel);
    }

    /**
     * The values, each rounded to the grid plus independent exact discrete Gaussian noise, as floats.
     *
     * @param parallel whether to split the work across the common fork-join pool
     * @throws IllegalArgumentException when there are more values than the calibrated dimension, or a value is not
     *                                  finite or reaches {@link #maxMagnitude()} in magnitude; no noise is drawn then
     */
    public float[] release(double[] values, boolean parallel) {
        if (values.length > dimension) {
            throw new IllegalArgumentException("calibrated for " + dimension + " values, got " + values.length);
        }
        for (double value : values) {
            if (!(Math.abs(Math.scalb(value, -gridExponent)) < UNITS_LIMIT)) {
                throw new IllegalArgumentException(Double.isFinite(value) ? "values must be less than "
                        + maxMagnitude() + " in magnitude (2^62 grid steps of 2^" + gridExponent + "); bound them"
                        + " before the release" : "values must be finite");
            }
        }
        float[] out = new float[values.length];
        if (parallel && values.length > CHUNK) {
            int chunks = (values.length + CHUNK - 1) / CHUNK;
            IntStream.range(0, chunks).parallel()
                    .forEach(c -> fill(values, out, c * CHUNK, (int) Math.min(values.length, (c + 1L) * CHUNK)));
        } else {
            fill(values, out, 0, values.length);
        }
        return out;
    }

    /** Coordinates [from, to), with this thread's random bits. */
    private void fill(double[] values, float[] out, int from, int to) {
        RandomBitStream bits = RandomBitStream.over(RandomBits.current());
        for (int i = from; i < to; i++) {
            long units = (long) Math.rint(Math.scalb(values[i], -gridExponent));
            out[i] = toFloat(Math.addExact(units, sampler.sample(bits)));
        }
    }

    /**
     * The one conversion of an exact grid integer to the output: (float) m is correctly rounded, and scaling by 2^k
     * is exact while the result is a normal float; beyond the float range it saturates at ±{@link Float#MAX_VALUE}.
     * A function of m alone.
     */
    float toFloat(long m) {
        float f = Math.scalb((float) m, gridExponent);
        if (Float.isInfinite(f)) {
            return f > 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
        }
        return f;
    }

    /** Δ, as calibrated. */
    public double l2Sensitivity() {
        return l2Sensitivity;
    }

    /** z, as calibrated. */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** The largest number of coordinates a release may have. */
    public int dimension() {
        return dimension;
    }

    /** k, with the grid g = 2^k. */
    public int gridExponent() {
        return gridExponent;
    }

    /** g = 2^k: every output is an integer multiple of it. */
    public double granularity() {
        return Math.scalb(1.0, gridExponent);
    }

    /** s: the noise's σ in grid steps. */
    public long gridSigma() {
        return gridSigma;
    }

    /** The effective σ = s·g of the noise (exact: s ≤ 2^52 and g is a power of two). */
    public double sigma() {
        return Math.scalb((double) gridSigma, gridExponent);
    }

    /** The nominal σ = z·Δ that {@link #sigma()} exceeds by a relative 2^(−15) at most. */
    public double nominalSigma() {
        return noiseMultiplier * l2Sensitivity;
    }

    /** ρ = 1/(2z²) rounded up: the release is ρ-zCDP (the exact ρ' = (Δ/g + √d)²/(2s²) is at most this). */
    public double rho() {
        return rho;
    }

    /** 2^62·g: values must be smaller in magnitude. */
    public double maxMagnitude() {
        return Math.scalb(UNITS_LIMIT, gridExponent);
    }

    @Override
    public String toString() {
        return "VectorGaussian sensitivity=" + l2Sensitivity + " noiseMultiplier=" + noiseMultiplier + " dimension="
                + dimension + " grid=2^" + gridExponent + " gridSigma=" + gridSigma + " sigma=" + sigma() + " rho="
                + rho;
    }
}
