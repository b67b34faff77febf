package io.ppml.budget.core;

import java.math.BigDecimal;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
            @ForAll @DoubleRange(min = 0.001, max = 1) @net.jqwik.api.constraints.Scale(6) double epsilon,
            @ForAll @DoubleRange(min = 1e-6, max = 1) @net.jqwik.api.constraints.Scale(9) double rho) {
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
}
