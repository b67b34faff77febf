package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.MathContext;

import io.ppml.budget.core.PrivacyCost.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Charges of a subsampled Gaussian mechanism, and the invariants of a cost. No randomness. */
class PrivacyCostTests {

    private static final BigDecimal LAST_DIGIT = BigDecimal.ONE.movePointLeft(PrivacyCost.SCALE);

    @Test
    void withoutSubsamplingTheChargeIsPlainZcdpWithRhoOneOverTwoZSquared() {
        PrivacyCost cost = PrivacyCost.subsampledGaussian(1, 1.1, 1e-6, 2.5);
        BigDecimal exact = BigDecimal.ONE.divide(new BigDecimal(1.1).pow(2).multiply(BigDecimal.valueOf(2)),
                MathContext.DECIMAL128);
        assertThat(cost.kind()).isEqualTo(Kind.ZCDP);
        assertThat(cost.rho()).isGreaterThanOrEqualTo(exact).isLessThan(exact.add(LAST_DIGIT));
        assertThat(cost.delta()).isEqualByComparingTo("0.000001");
        assertThat(cost.epsilon()).isEqualByComparingTo("2.5");
        assertThat(cost.rdpCurve()).isEqualTo(RdpCurve.ZERO);
    }

    @Test
    void withSubsamplingTheChargeCarriesItsCurveAndTheSameRho() {
        PrivacyCost cost = PrivacyCost.subsampledGaussian(0.01, 1.1, 1e-6, 0.3);
        assertThat(cost.kind()).isEqualTo(Kind.RDP);
        assertThat(cost.rdpCurve()).isEqualTo(RdpCurve.subsampledGaussian(0.01, 1.1));
        assertThat(cost.rho()).isEqualTo(PrivacyCost.subsampledGaussian(1, 1.1, 1e-6, 0.3).rho());
        assertThat(cost.delta()).isEqualByComparingTo("0.000001");
        assertThat(cost.epsilon()).isEqualByComparingTo("0.3");
        // a task's later rounds pass δ = 0 so that its δ counts once
        assertThat(PrivacyCost.subsampledGaussian(0.01, 1.1, 0, 0.3).delta()).isZero();
    }

    @Test
    void nothingSampledCostsNothing() {
        PrivacyCost cost = PrivacyCost.subsampledGaussian(0, 1.1, 0, 0);
        assertThat(cost.kind()).isEqualTo(Kind.RDP);
        assertThat(cost.rho()).isZero();
        assertThat(cost.rdpCurve()).isEqualTo(RdpCurve.ZERO);
    }

    @Test
    void theOldConstructorAndFactoriesStillWork() {
        PrivacyCost cost = new PrivacyCost(Kind.ZCDP, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN);
        assertThat(cost.rdpCurve()).isEqualTo(RdpCurve.ZERO);
        assertThat(PrivacyCost.pure(0.5).kind()).isEqualTo(Kind.PURE);
        assertThat(PrivacyCost.zcdp(0.5, 1e-6, 1).rdpCurve()).isEqualTo(RdpCurve.ZERO);
    }

    @Test
    void aCurveMustBelongToAnRdpChargeAndStayBelowAlphaRho() {
        RdpCurve curve = RdpCurve.subsampledGaussian(0.1, 1);
        assertThatIllegalArgumentException().isThrownBy(
                () -> new PrivacyCost(Kind.ZCDP, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, curve));
        // ρ of a noise multiplier twice as large is too small to bound this curve
        BigDecimal tooSmall = PrivacyCost.subsampledGaussian(1, 2, 0, 0).rho();
        assertThatIllegalArgumentException().isThrownBy(
                () -> new PrivacyCost(Kind.RDP, BigDecimal.ZERO, BigDecimal.ZERO, tooSmall, curve))
                .withMessageContaining("r(α) <= αρ");
        assertThat(new PrivacyCost(Kind.RDP, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("0.5"), curve).rdpCurve())
                .isEqualTo(curve);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(1.5, 1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(-0.5, 1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(0.5, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(0.5, Double.NaN, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(0.5, 1, 1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(0.5, 1, -1e-9, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PrivacyCost.subsampledGaussian(0.5, 1, 0, -1));
        assertThatIllegalArgumentException().isThrownBy(
                () -> PrivacyCost.subsampledGaussian(0.5, 1, 0, Double.POSITIVE_INFINITY));
    }
}
