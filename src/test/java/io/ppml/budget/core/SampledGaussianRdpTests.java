package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.MathContext;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The RDP curve of the Poisson-subsampled Gaussian mechanism against published values of TensorFlow Privacy's RDP
 * accountant. Those values are RDP values at given orders, so they do not depend on any conversion to (ε, δ). No
 * randomness: every assertion is deterministic.
 */
class SampledGaussianRdpTests {

    /**
     * tensorflow/privacy, tensorflow_privacy/privacy/analysis/rdp_accountant_test.py, {@code test_compute_rdp_sequence}:
     * {@code compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100])} = [0.00065, 0.001085, 0.00218075, 0.023846,
     * 167.416307] (q = 0.01, z = 2.5, 50 steps). Two fractional orders exercise the split series.
     */
    @Test
    void matchesTfPrivacysPublishedCurveAtFractionalAndIntegerOrders() {
        double[] orders = {1.5, 2.5, 5, 50, 100};
        double[] published = {0.00065, 0.001085, 0.00218075, 0.023846, 167.416307};
        for (int i = 0; i < orders.length; i++) {
            assertThat(50 * SampledGaussianRdp.rdp(0.01, 2.5, orders[i])).as("α = %s", orders[i])
                    .isCloseTo(published[i], withinPercentage(1))
                    .isCloseTo(published[i], within(1e-5)); // TF Privacy's own tolerance
        }
    }

    /** Same file, {@code test_compute_rdp_scalar}: {@code compute_rdp(0.1, 2, 10, 5)} = 0.07737 (to 5 places). */
    @Test
    void matchesTfPrivacysPublishedScalar() {
        assertThat(10 * SampledGaussianRdp.rdp(0.1, 2, 5)).isCloseTo(0.07737, within(5e-6))
                .isCloseTo(0.07737, withinPercentage(1));
    }

    /**
     * Same file, {@code test_compute_rdp_no_sampling}: q = 1 gives α/(2z²), e.g. 20/(2·10²) = 0.1; and
     * {@code test_compute_rdp_no_data}: q = 0 gives 0. Here q = 1 gives exactly α/(2z²) rounded up to a double at every
     * order.
     */
    @Test
    void withoutSubsamplingTheCurveIsExactlyTheGaussianMechanisms() {
        assertThat(SampledGaussianRdp.rdp(1, 10, 20)).isEqualTo(0.1);
        assertThat(SampledGaussianRdp.rdp(0, 10, 20)).isZero();
        assertThat(RdpCurve.subsampledGaussian(0, 1.1)).isEqualTo(RdpCurve.ZERO);
        for (double z : new double[] {0.3, 1.1, 4.530877117, 10}) {
            RdpCurve curve = RdpCurve.subsampledGaussian(1, z);
            for (int i = 0; i < RdpCurve.SIZE; i++) {
                double alpha = RdpCurve.order(i);
                BigDecimal exact = new BigDecimal(alpha).divide(new BigDecimal(z).pow(2).multiply(BigDecimal.valueOf(2)),
                        MathContext.DECIMAL128);
                assertThat(new BigDecimal(curve.value(i))).isGreaterThanOrEqualTo(exact);
                assertThat(new BigDecimal(Math.nextDown(curve.value(i)))).as("the least double not below α/(2z²)")
                        .isLessThan(exact);
            }
        }
    }

    /**
     * The RDP of the SGM never exceeds the Gaussian mechanism's α/(2z²) (joint quasi-convexity) and grows with q:
     * A_α(q) = E[(1 − q + qL)^α] is convex in q with derivative 0 at q = 0. The small slack covers the two values'
     * separately rounded error bounds.
     */
    @Property(tries = 300)
    void subsamplingNeverHurtsAndMoreSamplingNeverHelps(@ForAll @DoubleRange(min = -5, max = -0.01) double log10Q,
            @ForAll @DoubleRange(min = 0.3, max = 20) double z, @ForAll @IntRange(min = 0, max = 150) int index) {
        double q = Math.pow(10, log10Q);
        double alpha = RdpCurve.order(index);
        double value = SampledGaussianRdp.rdp(q, z, alpha);
        assertThat(value).isPositive().isLessThanOrEqualTo(SampledGaussianRdp.rdp(1, z, alpha));
        assertThat(SampledGaussianRdp.rdp(Math.min(1, q * 1.5), z, alpha)).isGreaterThanOrEqualTo(value * (1 - 1e-9));
    }

    /**
     * Rényi divergence does not decrease with the order (van Erven &amp; Harremoës 2014, Theorem 3), so neither may the
     * curve — across the switches between the fractional series and the integer formula (2.9 → 3 → 3.1, 10.9 → 12)
     * this checks the two computations against each other.
     */
    @Property(tries = 200)
    void theCurveIsNonDecreasingInTheOrder(@ForAll @DoubleRange(min = -5, max = -0.05) double log10Q,
            @ForAll @DoubleRange(min = 0.4, max = 10) double z) {
        double[] values = RdpCurve.subsampledGaussian(Math.pow(10, log10Q), z).values();
        for (int i = 1; i < values.length; i++) {
            assertThat(values[i]).as("order %s", RdpCurve.order(i)).isGreaterThanOrEqualTo(values[i - 1] * (1 - 1e-9));
        }
    }

    /**
     * ln Q(t) against Apache Commons Math's erfc where that is representable, Q(t) = erfc(t/√2)/2: within 10⁻¹⁴·(1 + t²)
     * for t ≥ 0 (about a relative 10⁻¹⁴ in Q; ln Q is about −t²/2 far out) and within a relative 10⁻¹³ of ln Q for
     * t &lt; 0, where ln Q(t) ≈ −Q(−t) is tiny.
     */
    @Test
    void logGaussianTailMatchesCommonsMathsErfc() {
        for (double t = -8; t <= 26; t += 0.0625) {
            // for t < 0, 1 − Q(−t) rather than erfc of a negative argument, which is 2 − erfc(|x|) rounded at 2
            double reference = t >= 0 ? Math.log(0.5 * Erf.erfc(t / Math.sqrt(2)))
                    : Math.log1p(-0.5 * Erf.erfc(-t / Math.sqrt(2)));
            double tolerance = t >= 0 ? 1e-14 * (1 + t * t) : 1e-13 * Math.abs(reference) + 1e-17;
            assertThat(SampledGaussianRdp.logGaussianTail(t)).as("t = %s", t).isCloseTo(reference, within(tolerance));
        }
    }

    /**
     * Far in the tail, where Q(t) underflows, against the asymptotic series (Abramowitz &amp; Stegun 26.2.12):
     * Q(t) = φ(t)/t · (1 − 1/t² + 3/t⁴ − 15/t⁶ + 105/t⁸ …), whose truncation error here is below 10⁻¹⁴.
     */
    @Test
    void logGaussianTailFollowsTheAsymptoticSeriesFarOut() {
        for (double t : new double[] {40, 100, 1e3, 1e5, 1e8}) {
            double u = 1 / (t * t);
            double series = 1 - u + 3 * u * u - 15 * u * u * u + 105 * u * u * u * u;
            double expected = -0.5 * t * t - Math.log(t) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
            assertThat(SampledGaussianRdp.logGaussianTail(t)).isCloseTo(expected, within(1e-14 * Math.abs(expected)));
        }
        assertThat(SampledGaussianRdp.logGaussianTail(Double.POSITIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(SampledGaussianRdp.logGaussianTail(0)).isCloseTo(Math.log(0.5), within(1e-15));
    }

    /** A pair (q near 1/2, large z) where the series converges slowly: the value is still finite and below the cap. */
    @Test
    void slowlyConvergingSeriesStillGivesABound() {
        double value = SampledGaussianRdp.rdp(0.5, 100, 1.1);
        // for small q²/z² the RDP is about α q²/(2z²)·…; at any rate between that order of magnitude and the cap
        assertThat(value).isGreaterThan(1.1 * 0.25 / (2 * 100 * 100) * 0.5)
                .isLessThan(SampledGaussianRdp.rdp(1, 100, 1.1));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(-0.1, 1, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(1.1, 1, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(Double.NaN, 1, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, 0, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, -1, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, 1e-200, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, Double.NaN, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, 1, Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.subsampledGaussian(0.1, Double.POSITIVE_INFINITY));
        assertThat(SampledGaussianRdp.rdp(0.1, 1, Double.POSITIVE_INFINITY)).isInfinite();
    }
}
