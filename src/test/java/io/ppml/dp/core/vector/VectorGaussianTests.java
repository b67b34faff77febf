package io.ppml.dp.core.vector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;

import io.ppml.crypto.Randomness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.special.Erf;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static io.ppml.dp.core.vector.GoodnessOfFit.Z_ONE_IN_A_MILLION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The vector release: its calibration in exact arithmetic, the grid of its outputs, its refusals, and the noise it
 * adds, sequential and parallel, against the discrete Gaussian with the stated s. The statistical assertions (four,
 * each with false-failure rate α = 1e-6) make the class fail by chance with probability below 4e-6 (the naive
 * control's count, expected near 19,800 of 20,000 against a threshold of 10,000, adds nothing measurable); the rest
 * are exact.
 */
class VectorGaussianTests {

    private static final double ALPHA = 1e-6;

    private static BigDecimal exact(double x) {
        return new BigDecimal(x);
    }

    /** Δ = 1, z = 1, d = 10^6: g = 2^−26 (2^−16/1000 lies in [2^−26, 2^−25)), s = 2^26 + 1000 exactly. */
    @Test
    void calibratesTheWorkedExample() {
        VectorGaussian v = VectorGaussian.calibrate(1, 1, 1_000_000);
        assertThat(v.gridExponent()).isEqualTo(-26);
        assertThat(v.granularity()).isEqualTo(0x1p-26);
        assertThat(v.gridSigma()).isEqualTo((1L << 26) + 1000);
        assertThat(v.sigma()).isEqualTo(1 + 1000 * 0x1p-26);
        assertThat(v.nominalSigma()).isEqualTo(1);
        assertThat(v.rho()).isEqualTo(0.5);
        assertThat(v.maxMagnitude()).isEqualTo(0x1p36);
        assertThat(v.dimension()).isEqualTo(1_000_000);
        assertThat(v.l2Sensitivity()).isEqualTo(1);
        assertThat(v.noiseMultiplier()).isEqualTo(1);
    }

    /**
     * For any public parameters: the grid is the largest power of two with g ≤ 2^(−16)·Δ/√d and g ≤ 2^(−16)·z·Δ; s
     * is the smallest integer with s ≥ z·(Δ/g + √d), i.e. the exact zCDP bound (Δ/g + √d)²/(2s²) ≤ 1/(2z²) holds and
     * fails for s − 1; and z·Δ &lt; s·g &lt; z·Δ·(1 + 2^(−15)). All checked in exact arithmetic, squaring instead of
     * taking √d.
     */
    @Property(tries = 400)
    void calibrationIsExactlyAsPrivateAsTheGaussianMechanismAndBarelyNoisier(
            @ForAll @DoubleRange(min = -30, max = 30) double log2Sensitivity,
            @ForAll @DoubleRange(min = 0.05, max = 50) double noiseMultiplier,
            @ForAll @IntRange(min = 1, max = 100_000_000) int dimension) {
        double sensitivity = Math.pow(2, log2Sensitivity);
        VectorGaussian v = VectorGaussian.calibrate(sensitivity, noiseMultiplier, dimension);
        BigDecimal delta = exact(sensitivity);
        BigDecimal z = exact(noiseMultiplier);
        BigDecimal d = BigDecimal.valueOf(dimension);
        BigDecimal g = exact(v.granularity());
        BigDecimal margin = exact(0x1p16);

        // the grid: both bounds hold for g, and one fails for 2g
        assertThat(g.multiply(margin).pow(2).multiply(d)).isLessThanOrEqualTo(delta.pow(2));
        assertThat(g.multiply(margin)).isLessThanOrEqualTo(z.multiply(delta));
        BigDecimal twice = g.multiply(BigDecimal.valueOf(2)).multiply(margin);
        assertThat(twice.pow(2).multiply(d).compareTo(delta.pow(2)) > 0 || twice.compareTo(z.multiply(delta)) > 0)
                .as("2g breaks a bound").isTrue();

        // s ≥ z(Δ/g + √d) ⟺ s − zΔ/g ≥ 0 and (s − zΔ/g)² ≥ z²d; and s − 1 fails it
        BigDecimal a = z.multiply(delta).divide(g);
        BigDecimal s = new BigDecimal(BigInteger.valueOf(v.gridSigma()));
        BigDecimal rest = s.subtract(a);
        assertThat(rest.signum()).isGreaterThanOrEqualTo(0);
        assertThat(rest.pow(2)).isGreaterThanOrEqualTo(z.pow(2).multiply(d));
        BigDecimal below = rest.subtract(BigDecimal.ONE);
        assertThat(below.signum() < 0 || below.pow(2).compareTo(z.pow(2).multiply(d)) < 0).as("s − 1 suffices")
                .isTrue();

        // z·Δ < s·g < z·Δ·(1 + 2^−15), and sigma() is s·g exactly
        BigDecimal sigma = s.multiply(g);
        assertThat(exact(v.sigma())).isEqualByComparingTo(sigma);
        BigDecimal nominal = z.multiply(delta);
        assertThat(sigma).isGreaterThan(nominal);
        assertThat(sigma).isLessThan(nominal.multiply(BigDecimal.ONE.add(exact(VectorGaussian.MAX_RELATIVE_SIGMA_INCREASE))));

        // ρ reported: at least 1/(2z²), and only by the rounding of a double
        BigDecimal rho = BigDecimal.ONE.divide(z.pow(2).multiply(BigDecimal.valueOf(2)), MathContext.DECIMAL128);
        assertThat(exact(v.rho()).compareTo(rho.subtract(rho.movePointLeft(30)))).isGreaterThanOrEqualTo(0);
        assertThat(v.rho()).isCloseTo(1 / (2 * noiseMultiplier * noiseMultiplier), Offset.offset(1e-12 * v.rho()));
    }

    /** Every output divided by g is an integer, and is the image of that integer under the one conversion. */
    @Test
    void outputsLieExactlyOnTheGrid() {
        VectorGaussian v = VectorGaussian.calibrate(0.7, 1.3, 5000);
        double[] values = new double[5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (Randomness.secureRandom().nextDouble() - 0.5) * 6;
        }
        float[] out = v.release(values, false);
        double g = v.granularity();
        for (float o : out) {
            double units = o / g; // exact: a float divided by a power of two
            assertThat(units).isEqualTo(Math.rint(units));
            assertThat(v.toFloat((long) units)).isEqualTo(o);
        }
    }

    /**
     * Mironov's attack reads the input from the low bits of outputs that only some inputs can produce. Here the inputs
     * x = 0.1 and x' = 0.1 + 2^−40 (closer than the grid) and x'' = 0.1 + 3g/2 produce outputs that all lie on the same
     * grid of multiples of g, through the same conversion — the set of possible outputs is the same for every input.
     * As a control, the textbook float mechanism x + σ·N(0, 1) (Gaussian from a SecureRandom) produces mostly
     * outputs off that grid: the check detects the leak it is meant to rule out.
     */
    @Test
    void outputsOfNeighbouringInputsLieOnTheSameGrid() {
        VectorGaussian v = VectorGaussian.calibrate(1, 1, 1); // g = 2^−16, s = 2^16 + 1: outputs below 2^23·g
        double g = v.granularity();
        assertThat(g).isEqualTo(0x1p-16);
        for (double x : new double[]{0.1, 0.1 + 0x1p-40, 0.1 + 1.5 * g}) {
            for (int i = 0; i < 20_000; i++) {
                float o = v.release(new double[]{x}, false)[0];
                double units = o / g;
                assertThat(units).as("output for input %s in grid units", x).isEqualTo(Math.rint(units));
                assertThat(v.toFloat((long) units)).isEqualTo(o);
            }
        }
        int offGrid = 0;
        for (int i = 0; i < 20_000; i++) {
            float naive = (float) (0.1 + v.sigma() * Randomness.secureRandom().nextGaussian());
            double units = naive / g;
            if (units != Math.rint(units)) {
                offGrid++;
            }
        }
        assertThat(offGrid).as("naive outputs off the grid").isGreaterThan(10_000);
    }

    /**
     * A release of zeros is pure noise Z·g: sequential and parallel (2^17 coordinates, four chunks), Z/s against the
     * standard normal CDF by Kolmogorov–Smirnov with the Dvoretzky–Kiefer–Wolfowitz–Massart bound (α = 1e-6 each,
     * valid for every n). The bias term covers the discrete Gaussian's CDF against Φ(z/s) (each atom has mass below
     * 1/s ≤ 2^−16, Poisson summation bounds the rest by e^(−2π²s²)) and the float rounding of outputs (relative
     * 2^−24). Then the mean of Z² against s² (α = 1e-6 each by the central limit theorem; Var Z² = 2s⁴ to within a
     * relative 1/s² for the discrete Gaussian at s ≥ 2^16).
     */
    @Test
    void releaseOfZerosIsDiscreteGaussianNoiseOfTheStatedSigmaSequentialOrParallel() {
        int d = 1 << 17;
        VectorGaussian v = VectorGaussian.calibrate(0.25, 0.9, d);
        assertThat(d).isGreaterThan(2 * VectorGaussian.CHUNK);
        double s = v.gridSigma();
        for (boolean parallel : new boolean[]{false, true}) {
            float[] out = v.release(new double[d], parallel);
            double[] scaled = new double[d];
            double meanSquare = 0;
            for (int i = 0; i < d; i++) {
                double units = out[i] / v.granularity();
                scaled[i] = units / s;
                meanSquare += scaled[i] * scaled[i];
            }
            meanSquare /= d;
            Arrays.sort(scaled);
            double distance = 0;
            for (int i = 0; i < d; i++) {
                double f = 0.5 * Erf.erfc(-scaled[i] / Math.sqrt(2));
                distance = Math.max(distance, Math.max(Math.abs(f - (double) i / d), Math.abs((double) (i + 1) / d - f)));
            }
            double critical = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * d)) + 1e-4;
            assertThat(distance).as("KS distance (parallel: %s), critical value %.5f", parallel, critical)
                    .isLessThanOrEqualTo(critical);
            assertThat(meanSquare).as("mean of (Z/s)² (parallel: %s)", parallel)
                    .isCloseTo(1, Offset.offset(Z_ONE_IN_A_MILLION * Math.sqrt(2.0 / d) * 1.01));
        }
    }

    @Test
    void refusesValuesOutOfRangeBeforeDrawingNoise() {
        VectorGaussian v = VectorGaussian.calibrate(1, 1, 3);
        double limit = v.maxMagnitude();
        assertThat(limit).isEqualTo(Math.scalb(1.0, 62 + v.gridExponent()));
        double secret = 0.123456789;
        for (double bad : new double[]{limit, -limit, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN}) {
            assertThatIllegalArgumentException().isThrownBy(() -> v.release(new double[]{secret, bad, 0}, false))
                    .withMessageNotContaining(String.valueOf(secret))
                    .withMessageContaining(Double.isFinite(bad) ? String.valueOf(limit) : "finite");
        }
        float[] edge = v.release(new double[]{Math.nextDown(limit), -Math.nextDown(limit)}, false);
        assertThat(edge[0]).isCloseTo((float) limit, Offset.offset((float) limit * 1e-6f));
        assertThat(edge[1]).isCloseTo((float) -limit, Offset.offset((float) limit * 1e-6f));
        assertThatIllegalArgumentException().isThrownBy(() -> v.release(new double[4], false))
                .withMessageContaining("calibrated for 3 values");
    }

    @Test
    void refusesInvalidParameters() {
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(0, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(Double.NaN, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(Double.POSITIVE_INFINITY, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(1, -1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(1, 1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(1e-310, 1, 1))
                .withMessageContaining("2^-1000");
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.calibrate(1, 1e12, 1_000_000))
                .withMessageContaining("noiseMultiplier * sqrt(dimension) is too large");
        assertThatIllegalArgumentException().isThrownBy(() -> VectorGaussian.release(new double[0], 1, 1, false))
                .withMessageContaining("dimension");
        // z·√d = 2^34 is always accepted: s < 2^17·z√d + z√d + 1 < 2^52, whatever rounding g down costs
        for (int d : new int[]{1, 3, 1_000_000, 2_147_483_647}) {
            assertThat(VectorGaussian.calibrate(1, 0x1p34 / Math.sqrt(d) * (1 - 1e-15), d).gridSigma())
                    .isLessThanOrEqualTo(VectorGaussian.MAX_GRID_SIGMA);
        }
    }

    @Test
    void staticReleaseCalibratesForTheVectorsLength() {
        double[] values = {1.5, -2.25, 0, 1e6};
        float[] out = VectorGaussian.release(values, 0.5, 2, true);
        assertThat(out).hasSize(4);
        VectorGaussian v = VectorGaussian.calibrate(0.5, 2, 4);
        for (int i = 0; i < out.length; i++) {
            double units = out[i] / v.granularity();
            assertThat(units).isEqualTo(Math.rint(units));
            // the noise is σ ≈ 1: |out − x| < 12σ except with probability below 1e-30
            assertThat((double) out[i]).isCloseTo(values[i], Offset.offset(12 * v.sigma()));
        }
    }

    /** Floats saturate instead of overflowing to infinity; the conversion is one function of the integer. */
    @Test
    void conversionSaturatesAtTheLargestFloat() {
        VectorGaussian v = VectorGaussian.calibrate(0x1p900, 1, 1);
        assertThat(v.toFloat(1L << 40)).isEqualTo(Float.MAX_VALUE);
        assertThat(v.toFloat(-(1L << 40))).isEqualTo(-Float.MAX_VALUE);
        VectorGaussian small = VectorGaussian.calibrate(1, 1, 1);
        assertThat(small.toFloat(3)).isEqualTo(3 * 0x1p-16f);
        assertThat(small.toFloat((1L << 40) + 1)).isEqualTo((float) 0x1p24); // rounds to 24 bits, then scales exactly
    }
}
