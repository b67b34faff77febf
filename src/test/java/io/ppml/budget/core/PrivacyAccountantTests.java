package io.ppml.budget.core;

import java.math.BigDecimal;
import java.util.List;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The composition bounds behind "ε spent", with published figures of Opacus and TF Privacy for subsampled Gaussian
 * charges (bound (c)). No randomness in the code under test: every assertion is deterministic for its inputs.
 */
class PrivacyAccountantTests {

    @Test
    void pureChargesAddUpExactlyInDecimal() {
        Spend spend = Spend.NONE;
        for (int i = 0; i < 20; i++) {
            spend = spend.plus(PrivacyCost.pure(0.1));
        }
        assertThat(spend.epsilon()).isEqualByComparingTo("2.0");
        assertThat(spend.plus(PrivacyCost.pure(0.1)).epsilon()).isEqualByComparingTo("2.1");
    }

    @Test
    void chargedEpsilonNeverExceedsWhatTheCallerWroteButCoversTheMechanism() {
        PrivacyCost cost = PrivacyCost.pure(0.1);
        assertThat(cost.epsilon()).isEqualByComparingTo("0.1");
        // the double 0.1 is 0.1000000000000000055…; a mechanism must be calibrated with a double ≤ 0.1 exactly
        assertThat(new BigDecimal(cost.mechanismEpsilon())).isLessThanOrEqualTo(new BigDecimal("0.1"));
        assertThat(cost.mechanismEpsilon()).isEqualTo(Math.nextDown(0.1));
        assertThat(PrivacyCost.pure(0.5).mechanismEpsilon()).isEqualTo(0.5);
    }

    @Test
    void aGaussianCalibratedForOneEpsilonIsAccountedAsAtMostThatEpsilon() {
        double rho = ZcdpConversion.rhoFor(1.0, 1e-6);
        BigDecimal spent = Spend.NONE.plus(PrivacyCost.zcdp(rho, 1e-6, 1.0)).epsilon();
        assertThat(spent.doubleValue()).isBetween(0.999, 1.0 + 1e-9);
    }

    @Test
    void manySmallPureChargesComposeBetterOnceSomeDeltaIsSpent() {
        Spend spend = Spend.NONE.plus(PrivacyCost.zcdp(1e-6, 1e-6, 0.01));
        for (int i = 0; i < 1000; i++) {
            spend = spend.plus(PrivacyCost.pure(0.01));
        }
        // basic composition would say 10; ρ = 1000·0.01²/2 = 0.05 zCDP converts to about 2.4 at δ = 1e-6
        assertThat(spend.epsilon().doubleValue()).isLessThan(3.0).isGreaterThan(1.0);
        assertThat(spend.pureEpsilon()).isEqualByComparingTo("10");
    }

    @Property(tries = 200)
    void theBoundIsNeverBelowEitherPartAlone(@ForAll @IntRange(min = 1, max = 50) int pureCharges,
            @ForAll @DoubleRange(min = 0.001, max = 1) @Scale(6) double epsilon,
            @ForAll @DoubleRange(min = 1e-6, max = 1) @Scale(9) double rho) {
        Spend spend = Spend.NONE.plus(PrivacyCost.zcdp(rho, 1e-6, 1));
        for (int i = 0; i < pureCharges; i++) {
            spend = spend.plus(PrivacyCost.pure(epsilon));
        }
        double total = spend.epsilon().doubleValue();
        // each part alone is a lower bound on any sound accounting of the whole
        assertThat(total).isGreaterThanOrEqualTo(ZcdpConversion.epsilon(rho, 1e-6) * (1 - 1e-9));
        assertThat(total).isGreaterThanOrEqualTo(epsilon * (1 - 1e-9));
        // and the reported value is one of the two documented bounds, so never above basic composition
        double basic = pureCharges * epsilon + ZcdpConversion.epsilon(rho, 1e-6);
        assertThat(total).isLessThanOrEqualTo(basic * (1 + 1e-9) + 1e-20);
    }

    /**
     * pytorch/opacus, opacus/tests/accountants_test.py, {@code AccountingTest.test_rdp_accountant}: 2250 steps
     * ({@code int(90 / 0.04)}) of the SGM with q = 0.04, z = 1.5, RDPAccountant with its default orders, δ = 10⁻⁵ give
     * ε = 7.32911117143 (with Balle et al.'s conversion, Opacus's since April 2021, before that test was written). The
     * task's δ is charged on its first round only. Ours only rounds up, so it is not below Opacus's value.
     */
    @Test
    void manySubsampledGaussianRoundsMatchOpacus() {
        Spend spend = Spend.NONE.plus(PrivacyCost.subsampledGaussian(0.04, 1.5, 1e-5, 0))
                .plus(PrivacyCost.subsampledGaussian(0.04, 1.5, 0, 0), 2249);
        assertThat(spend.delta()).isEqualByComparingTo("0.00001");
        double epsilon = spend.epsilon().doubleValue();
        assertThat(epsilon).isCloseTo(7.32911117143, withinPercentage(1)).isCloseTo(7.32911117143, within(1e-6))
                .isGreaterThanOrEqualTo(7.32911117143 - 1e-9);
    }

    /**
     * tensorflow/privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py, {@code Test0} and
     * {@code Test1}: (n, batch, z, epochs, δ) = (60000, 150, 1.3, 15, 10⁻⁵) gives ε = 0.7242234026109595 at order 19,
     * and (100000, 100, 1.0, 30, 10⁻⁷) gives 1.4154988495444842 at order 13 — q = batch/n, ⌈epochs·n/batch⌉ steps, Balle
     * et al.'s conversion since Dec 2020. Both optimal orders are also Opacus orders, so our grid finds the same value.
     */
    @Test
    void dpSgdExamplesMatchTfPrivacy() {
        Spend first = Spend.NONE.plus(PrivacyCost.subsampledGaussian(150 / 60000.0, 1.3, 1e-5, 0))
                .plus(PrivacyCost.subsampledGaussian(150 / 60000.0, 1.3, 0, 0), 5999);
        assertThat(first.epsilon().doubleValue()).isCloseTo(0.7242234026109595, withinPercentage(1))
                .isCloseTo(0.7242234026109595, within(1e-9));
        Spend second = Spend.NONE.plus(PrivacyCost.subsampledGaussian(100 / 100000.0, 1.0, 1e-7, 0))
                .plus(PrivacyCost.subsampledGaussian(100 / 100000.0, 1.0, 0, 0), 29999);
        assertThat(second.epsilon().doubleValue()).isCloseTo(1.4154988495444842, withinPercentage(1))
                .isCloseTo(1.4154988495444842, within(1e-9));
    }

    /** The amplification: the same rounds cost far less ε when each samples 1 % of the records. */
    @Test
    void subsamplingGivesAFarSmallerEpsilonThanFullRounds() {
        double full = rounds(1, 1.1, 1000, 1e-5).epsilon().doubleValue();
        double sampled = rounds(0.01, 1.1, 1000, 1e-5).epsilon().doubleValue();
        assertThat(sampled).isLessThan(full / 10);
        // without subsampling the charge is plain zCDP: 1000 rounds of ρ = 1/(2·1.1²) by the zCDP conversion
        assertThat(full).isCloseTo(ZcdpConversion.epsilon(1000 / (2 * 1.1 * 1.1), 1e-5), within(1e-9 * full));
    }

    @Property(tries = 200)
    void subsamplingNeverCostsMoreThanFullRounds(@ForAll @DoubleRange(min = -4, max = -0.05) double log10Q,
            @ForAll @DoubleRange(min = 0.5, max = 5) double z, @ForAll @IntRange(min = 1, max = 5000) int rounds) {
        double sampled = rounds(Math.pow(10, log10Q), z, rounds, 1e-6).epsilon().doubleValue();
        double full = rounds(1, z, rounds, 1e-6).epsilon().doubleValue();
        assertThat(sampled).isLessThanOrEqualTo(full).isGreaterThanOrEqualTo(0);
    }

    /**
     * Whatever the mix of charges, the reported ε is never above either zCDP bound computed independently here — (a)
     * E + ε(R, D) and (b) ε(R + S/2, D), RDP charges entering with their ρ — nor above basic composition of the RDP
     * part's own conversion with the pure charges (r(α) ≤ r_RDP(α) + α(R − R_RDP) + E), and never below 0.
     */
    @Property(tries = 300)
    void theReportedEpsilonIsNeverAboveAnyDocumentedBound(@ForAll @Size(min = 1, max = 12) List<@From("charges") Charge> charges,
            @ForAll @DoubleRange(min = -10, max = -3) double log10Delta) {
        double delta = Math.pow(10, log10Delta);
        Spend spend = Spend.NONE.plus(PrivacyCost.zcdp(1e-9, delta, 0));
        for (Charge charge : charges) {
            spend = spend.plus(charge.cost(), charge.times());
        }
        double e = spend.pureEpsilon().doubleValue();
        double s = spend.epsilonSquares().doubleValue();
        double r = spend.rho().doubleValue();
        double epsilon = spend.epsilon().doubleValue();
        double slack = 1 + 1e-9;
        assertThat(epsilon).isGreaterThanOrEqualTo(0);
        assertThat(epsilon).isLessThanOrEqualTo((e + ZcdpConversion.epsilon(r, delta)) * slack);
        assertThat(epsilon).isLessThanOrEqualTo(ZcdpConversion.epsilon(r + s / 2, delta) * slack);
        if (!spend.rdpCurve().isZero()) {
            double zcdpOnly = r - spend.rdpRho().doubleValue();
            double[] curve = spend.rdpCurve().values();
            for (int i = 0; i < curve.length; i++) {
                curve[i] += RdpCurve.order(i) * zcdpOnly;
            }
            assertThat(epsilon).isLessThanOrEqualTo((RdpCurve.of(curve).epsilon(delta) + e) * slack + 1e-12);
        }
    }

    /**
     * Bound (c) on its own, also where the accountant does not use it: for pure charges only it is ≥ 0 and the smallest
     * of the three bounds is at most E; and without RDP charges (c) is never better than (a) or (b) — the reason the
     * accountant skips it then.
     */
    @Property(tries = 200)
    void boundCWithoutRdpChargesIsNeverBelowTheZcdpBounds(
            @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = 0.001, max = 2) @Scale(6) Double> pureEpsilons,
            @ForAll @DoubleRange(min = 0, max = 2) double rho, @ForAll @DoubleRange(min = -10, max = -3) double log10Delta) {
        double delta = Math.pow(10, log10Delta);
        Spend pureOnly = Spend.NONE;
        for (double epsilon : pureEpsilons) {
            pureOnly = pureOnly.plus(PrivacyCost.pure(epsilon));
        }
        Spend withDelta = pureOnly.plus(PrivacyCost.zcdp(0, delta, 0));
        BigDecimal c = PrivacyAccountant.boundC(withDelta, delta);
        assertThat(c.signum()).isGreaterThanOrEqualTo(0);
        assertThat(c.min(withDelta.epsilon())).isLessThanOrEqualTo(pureOnly.pureEpsilon());

        Spend mixed = withDelta.plus(PrivacyCost.zcdp(rho, 0, 0));
        assertThat(PrivacyAccountant.boundC(mixed, delta).doubleValue())
                .isGreaterThanOrEqualTo(mixed.epsilon().doubleValue() * (1 - 1e-9));
    }

    /** Adding a charge (with no further δ) never lowers ε, whichever kind it is. */
    @Property(tries = 200)
    void moreChargesNeverLowerEpsilon(@ForAll @Size(min = 1, max = 15) List<@From("charges") Charge> charges) {
        Spend spend = Spend.NONE.plus(PrivacyCost.subsampledGaussian(0.02, 1.2, 1e-6, 0));
        BigDecimal previous = spend.epsilon();
        for (Charge charge : charges) {
            spend = spend.plus(charge.cost(), charge.times());
            BigDecimal now = spend.epsilon();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
    }

    @Test
    void rdpSumsRoundTripThroughTheirStoredForm() {
        Spend spend = Spend.NONE.plus(PrivacyCost.pure(0.1)).plus(PrivacyCost.zcdp(0.01, 1e-6, 0.5))
                .plus(PrivacyCost.subsampledGaussian(0.01, 1.1, 1e-6, 0.2)).plus(PrivacyCost.subsampledGaussian(
                        0.01, 1.1, 0, 0.2), 99);
        assertThat(spend.rdpRho()).isPositive().isLessThan(spend.rho());
        Spend restored = new Spend(spend.pureEpsilon(), spend.epsilonSquares(), spend.rho(), spend.delta(),
                spend.rdpRho(), RdpCurve.fromBytes(spend.rdpCurve().toBytes()));
        assertThat(restored).isEqualTo(spend);
        assertThat(restored.epsilon()).isEqualByComparingTo(spend.epsilon());
        // the four-sum form of before (a store that keeps no curve) still counts the RDP charges, through ρ
        Spend withoutCurve = new Spend(spend.pureEpsilon(), spend.epsilonSquares(), spend.rho(), spend.delta());
        assertThat(withoutCurve.epsilon()).isGreaterThanOrEqualTo(spend.epsilon());
    }

    @Test
    void aChargeRepeatedNTimesCostsAsMuchAsNCharges() {
        PrivacyCost round = PrivacyCost.subsampledGaussian(0.05, 0.9, 0, 0);
        Spend once = Spend.NONE.plus(PrivacyCost.zcdp(0, 1e-6, 0));
        Spend repeated = once;
        for (int i = 0; i < 50; i++) {
            repeated = repeated.plus(round);
        }
        Spend multiplied = once.plus(round, 50);
        assertThat(multiplied.rho()).isEqualByComparingTo(repeated.rho());
        assertThat(multiplied.rdpRho()).isEqualByComparingTo(repeated.rdpRho());
        assertThat(multiplied.epsilon().doubleValue()).isCloseTo(repeated.epsilon().doubleValue(),
                within(1e-12 * repeated.epsilon().doubleValue()));
        for (int i = 0; i < RdpCurve.SIZE; i++) {
            assertThat(multiplied.rdpCurve().value(i)).isGreaterThanOrEqualTo(round.rdpCurve().value(i) * 50 * (1 - 1e-15));
        }
    }

    @Test
    void rdpRhoIsPartOfRho() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Spend(BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN, RdpCurve.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new Spend(BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE.negate(), RdpCurve.ZERO));
    }

    private static Spend rounds(double q, double z, int rounds, double delta) {
        return Spend.NONE.plus(PrivacyCost.subsampledGaussian(q, z, delta, 0))
                .plus(PrivacyCost.subsampledGaussian(q, z, 0, 0), rounds - 1L);
    }

    /** A charge with no δ of its own (the test's first charge carries it), and how often it is made. */
    record Charge(PrivacyCost cost, long times) {
    }

    @Provide
    Arbitrary<Charge> charges() {
        Arbitrary<PrivacyCost> pure = Arbitraries.doubles().between(0.001, 1).ofScale(6).map(PrivacyCost::pure);
        Arbitrary<PrivacyCost> zcdp = Arbitraries.doubles().between(1e-6, 0.5).ofScale(9).map(rho -> PrivacyCost.zcdp(rho, 0, 0));
        Arbitrary<PrivacyCost> subsampled = Combinators.combine(Arbitraries.of(0.001, 0.01, 0.05, 0.2, 0.7),
                Arbitraries.of(0.6, 1.0, 2.0, 5.0)).as((q, z) -> PrivacyCost.subsampledGaussian(q, z, 0, 0));
        return Combinators.combine(Arbitraries.oneOf(pure, zcdp, subsampled), Arbitraries.longs().between(1, 500))
                .as(Charge::new);
    }
}
