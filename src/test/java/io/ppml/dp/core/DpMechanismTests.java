package io.ppml.dp.core;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.ppml.budget.core.ZcdpConversion;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The grid mechanisms: calibration (deterministic, exact), output distribution (KS at α = 1e-6 per assertion, 3
 * assertions: ≤ 3e-6 in all), grid membership and the confidence half-widths.
 */
class DpMechanismTests {

    private static final double ALPHA = 1e-6;
    private static final int N = 100_000;

    @Property(tries = 300)
    void laplaceCalibrationPaysForTheGridAndNeverExceedsEpsilon(
            @ForAll @DoubleRange(min = -6, max = 6) double log10Sensitivity,
            @ForAll @DoubleRange(min = -15, max = 1) double log10Epsilon,
            @ForAll @IntRange(min = 1, max = 100_000) int dimension) {
        double sensitivity = Math.pow(10, log10Sensitivity);
        double epsilon = Math.pow(10, log10Epsilon);
        LaplaceMechanism m = LaplaceMechanism.calibrate(sensitivity, epsilon, dimension);
        BigDecimal g = new BigDecimal(m.granularity());
        BigDecimal loss = new BigDecimal(sensitivity).add(g.multiply(BigDecimal.valueOf(dimension)))
                .divide(new BigDecimal(m.gridScale()).multiply(g), java.math.MathContext.DECIMAL128);
        assertThat(loss.compareTo(new BigDecimal(epsilon))).isLessThanOrEqualTo(0);
        assertThat(loss.doubleValue()).isCloseTo(epsilon, within(1e-6 * epsilon));
        assertThat(m.scale()).isCloseTo(sensitivity / epsilon, within(1e-6 * sensitivity / epsilon));
        assertThat(Math.getExponent(m.granularity())).isEqualTo(Math.getExponent(m.granularity()));
        assertThat(m.granularity()).isEqualTo(Math.scalb(1.0, Math.getExponent(m.granularity())));
        assertThat(m.loss()).isEqualTo(PrivacyLoss.pure(epsilon));
    }

    @Property(tries = 100)
    void gaussianCalibrationChargesAtMostTheTargetRho(
            @ForAll @DoubleRange(min = -4, max = 4) double log10Sensitivity,
            @ForAll @DoubleRange(min = -3, max = 1) double log10Epsilon,
            @ForAll @DoubleRange(min = -12, max = -2) double log10Delta,
            @ForAll @IntRange(min = 1, max = 10_000) int dimension) {
        double sensitivity = Math.pow(10, log10Sensitivity);
        double epsilon = Math.pow(10, log10Epsilon);
        double delta = Math.pow(10, log10Delta);
        GaussianMechanism m = GaussianMechanism.calibrate(sensitivity, epsilon, delta, dimension);
        double target = ZcdpConversion.rhoFor(epsilon, delta);
        assertThat(m.rho()).isLessThanOrEqualTo(target).isCloseTo(target, within(1e-6 * target));
        // the exact ε(ρ, δ) increases with ρ, so ρ ≤ target keeps it ≤ ε; the computed upper bound at a smaller ρ
        // can sit ~1e-14 above the one at the target (the minimiser lands on a slightly different α)
        assertThat(ZcdpConversion.epsilon(m.rho(), delta)).isLessThanOrEqualTo(epsilon * (1 + 1e-12));
        // ρ' = (Δ₂ + √d·g)²/(2σ²) recomputed independently in BigDecimal: never above what is charged
        BigDecimal g = new BigDecimal(m.granularity());
        BigDecimal shifted = new BigDecimal(sensitivity).add(new BigDecimal(Math.sqrt(dimension)).multiply(g));
        BigDecimal sigma = new BigDecimal(m.gridSigma()).multiply(g);
        BigDecimal actual = shifted.multiply(shifted).divide(sigma.multiply(sigma).multiply(BigDecimal.valueOf(2)),
                java.math.MathContext.DECIMAL128);
        assertThat(actual.compareTo(new BigDecimal(m.rho()))).isLessThanOrEqualTo(0);
        assertThat(m.loss()).isEqualTo(PrivacyLoss.zcdp(m.rho(), epsilon, delta));
    }

    @Test
    void gaussianSigmaForTheReferenceCaseIsTheZcdpOne() {
        GaussianMechanism m = GaussianMechanism.calibrate(1, 1, 1e-6, 1);
        assertThat(m.sigma()).isBetween(4.22, 4.531).isCloseTo(4.5309, within(1e-3));
    }

    /** KS against Laplace(b); the grid (g = 2^−30·b) moves the CDF by at most 1e-8, the bias allowed. */
    @Test
    void laplaceNoiseIsLaplaceOnTheGrid() {
        LaplaceMechanism m = LaplaceMechanism.calibrate(1, 1, 1);
        double x = 12.345;
        double[] noise = new double[N];
        for (int i = 0; i < N; i++) {
            double out = m.addNoise(x);
            assertOnGrid(out, m.granularity());
            noise[i] = out - x;
        }
        StatisticalChecks.assertKolmogorovSmirnovFits(noise, v -> StatisticalChecks.laplaceCdf(v, m.scale()), ALPHA, 1e-8);
    }

    @Test
    void gaussianNoiseIsNormalOnTheGrid() {
        GaussianMechanism m = GaussianMechanism.calibrate(1, 1, 1e-6, 1);
        NormalDistribution normal = new NormalDistribution(null, 0, m.sigma());
        double x = -3.25;
        double[] noise = new double[N];
        for (int i = 0; i < N; i++) {
            double out = m.addNoise(x);
            assertOnGrid(out, m.granularity());
            noise[i] = out - x;
        }
        StatisticalChecks.assertKolmogorovSmirnovFits(noise, normal::cumulativeProbability, ALPHA, 1e-8);
    }

    /** ε = 2^−50 over 1000 coordinates needs t beyond a long: the BigInteger path, KS on 5,000 samples. */
    @Test
    void tinyEpsilonUsesExactBigIntegerNoise() {
        LaplaceMechanism m = LaplaceMechanism.calibrate(1, 0x1p-50, 1000);
        assertThat(m.gridScale().bitLength()).isGreaterThan(62);
        double[] noise = m.addNoise(new double[1000]);
        double[] more = m.addNoise(new double[1000]);
        double[] all = new double[5000];
        for (int r = 0; r < 5; r++) {
            double[] batch = r == 0 ? noise : r == 1 ? more : m.addNoise(new double[1000]);
            System.arraycopy(batch, 0, all, r * 1000, 1000);
        }
        StatisticalChecks.assertKolmogorovSmirnovFits(all, v -> StatisticalChecks.laplaceCdf(v, m.scale()), ALPHA, 1e-8);
    }

    @Test
    void extremeInputsStayExactAndFinite() {
        LaplaceMechanism m = LaplaceMechanism.calibrate(1, 1, 1);
        double out = m.addNoise(1e300);
        assertThat(out).isFinite().isCloseTo(1e300, within(1e286));
        assertThat(m.addNoise(Double.MAX_VALUE)).isFinite().isGreaterThan(1e308);
        assertThat(m.addNoise(-Double.MAX_VALUE)).isFinite().isLessThan(-1e308);
        LaplaceMechanism zero = LaplaceMechanism.calibrate(0, 1, 1);
        assertThat(Math.abs(zero.addNoise(5.0) - 5.0)).isLessThan(1e-200);
        LaplaceMechanism huge = LaplaceMechanism.calibrate(1e300, 1e-3, 1);
        assertThat(huge.addNoise(0.0)).isFinite();
        GaussianMechanism g = GaussianMechanism.calibrate(1, 1, 1e-6, 3);
        assertThat(java.util.Arrays.stream(g.addNoise(new double[]{1e300, -1e-300, 0})).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void rejectsNonFiniteInputAndWrongDimensions() {
        LaplaceMechanism m = LaplaceMechanism.calibrate(1, 1, 2);
        assertThatIllegalArgumentException().isThrownBy(() -> m.addNoise(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> m.addNoise(Double.POSITIVE_INFINITY));
        assertThatIllegalArgumentException().isThrownBy(() -> m.addNoise(new double[]{1, Double.NEGATIVE_INFINITY}));
        assertThatIllegalArgumentException().isThrownBy(() -> m.addNoise(new double[3]));
        GaussianMechanism g = GaussianMechanism.calibrate(1, 1, 1e-5, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> g.addNoise(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> g.addNoise(new double[2]));
        assertThatIllegalArgumentException().isThrownBy(() -> LaplaceMechanism.calibrate(-1, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> LaplaceMechanism.calibrate(1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> LaplaceMechanism.calibrate(1, 1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> LaplaceMechanism.calibrate(Double.NaN, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> GaussianMechanism.calibrate(1, 1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> m.confidenceHalfWidth(1));
        assertThatIllegalArgumentException().isThrownBy(() -> m.confidenceHalfWidth(0));
    }

    /**
     * The Laplace half-width is the exact quantile of the discrete noise: with t = 3 (a coarse grid, ε = 1, Δ = 1 on
     * grid units) P(|Z| &gt; k) ≤ 1 − level &lt; P(|Z| &gt; k − 1) for P(|Z| &gt; k) = 2q^(k+1)/(1 + q).
     */
    @Test
    void laplaceHalfWidthIsTheExactDiscreteQuantile() {
        for (double level : new double[]{0.5, 0.9, 0.95, 0.99, 1 - 1e-9}) {
            LaplaceMechanism m = LaplaceMechanism.calibrate(1, 1, 1);
            double t = m.gridScale().doubleValue();
            double q = Math.exp(-1 / t);
            double k = m.confidenceHalfWidth(level) / m.granularity() - 1;
            assertThat(k).isEqualTo(Math.rint(k));
            double tailAtK = 2 * Math.pow(q, k + 1) / (1 + q);
            double tailBelow = 2 * Math.pow(q, k) / (1 + q);
            assertThat(tailAtK).isLessThanOrEqualTo((1 - level) * (1 + 1e-6));
            assertThat(tailBelow).isGreaterThan((1 - level) * (1 - 1e-6));
            assertThat(m.confidenceHalfWidth(level)).isCloseTo(-m.scale() * Math.log(1 - level), within(1e-6 * m.scale()));
        }
    }

    @Test
    void gaussianHalfWidthIsTheNormalQuantilePlusTheGrid() {
        GaussianMechanism m = GaussianMechanism.calibrate(1, 1, 1e-6, 1);
        assertThat(m.confidenceHalfWidth(0.95)).isCloseTo(1.959964 * m.sigma(), within(1e-5))
                .isGreaterThanOrEqualTo(1.959963984540054 * m.sigma());
        assertThat(GaussianMechanism.normalQuantileTwoSided(1 - 1e-12)).isCloseTo(7.130507, within(1e-4)).isGreaterThanOrEqualTo(7.130506848); // SciPy norm.isf(5e-13)
    }

    private static void assertOnGrid(double out, double granularity) {
        double units = out / granularity;
        assertThat(units).isEqualTo(Math.rint(units));
    }

    @Test
    void granularityIsAPowerOfTwoChosenFromPublicParametersOnly() {
        LaplaceMechanism a = LaplaceMechanism.calibrate(1, 1, 1);
        assertThat(a.granularity()).isEqualTo(0x1p-30);
        assertThat(LaplaceMechanism.calibrate(1, 1, 1).gridScale()).isEqualTo(a.gridScale());
        assertThat(a.gridScale()).isEqualTo(BigInteger.ONE.shiftLeft(30).add(BigInteger.ONE));
    }
}
