package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.RoundingMode;


/**
 * The composition bound behind "ε spent". With E = Σ ε of pure charges, S = Σ ε² of pure charges, R = Σ ρ of zCDP
 * charges and D = Σ δ, the charges together are (ε, D)-DP for the smaller of two sound bounds:
 * <ol>
 *   <li>(a) E + ε(R, D): the zCDP charges compose to R-zCDP (Bun &amp; Steinke 2016, Lemma 2.3), which converts to
 *   (ε(R, D), D)-DP; the pure charges add by basic composition (Dwork &amp; Roth 2014, Thm 3.16);</li>
 *   <li>(b) ε(R + S/2, D): an ε-DP mechanism is ε²/2-zCDP (Bun &amp; Steinke 2016, Prop. 1.4), so everything is
 *   (R + S/2)-zCDP — tighter than (a) for many small pure charges once some δ is being spent.</li>
 * </ol>
 * ε(ρ, δ) is {@link ZcdpConversion#epsilon}: the smaller of Bun–Steinke's ρ + 2√(ρ ln(1/δ)) and Canonne, Kamath
 * &amp; Steinke's 2020 conversion. With no δ spent, bound (b) does not exist and the answer is E exactly.
 *
 * <p>Rounding only ever over-counts: the sums are decimals rounded up when recorded, ρ is read rounded up and δ
 * rounded down before the (monotone) conversion, and the converted value is inflated by a relative 10⁻¹² (far
 * above double error) and rounded up to {@link PrivacyCost#SCALE} digits.
 */
public final class PrivacyAccountant {

    private PrivacyAccountant() {
    }

    /** Running sums of one window (or of the tenant's lifetime). */
    public record Spend(BigDecimal pureEpsilon, BigDecimal epsilonSquares, BigDecimal rho, BigDecimal delta) {

        public static final Spend NONE = new Spend(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

        public Spend plus(PrivacyCost cost) {
            return switch (cost.kind()) {
                case PURE -> new Spend(pureEpsilon.add(cost.epsilon()),
                        epsilonSquares.add(PrivacyCost.up(cost.epsilon().multiply(cost.epsilon()))), rho, delta);
                case ZCDP -> new Spend(pureEpsilon, epsilonSquares, rho.add(cost.rho()), delta.add(cost.delta()));
            };
        }

        /** These sums plus {@code times} charges of {@code cost}. */
        public Spend plus(PrivacyCost cost, long times) {
            BigDecimal n = BigDecimal.valueOf(times);
            return switch (cost.kind()) {
                case PURE -> new Spend(pureEpsilon.add(cost.epsilon().multiply(n)),
                        epsilonSquares.add(PrivacyCost.up(cost.epsilon().multiply(cost.epsilon())).multiply(n)), rho,
                        delta);
                case ZCDP -> new Spend(pureEpsilon, epsilonSquares, rho.add(cost.rho().multiply(n)),
                        delta.add(cost.delta().multiply(n)));
            };
        }

        /** The (ε, δ) these sums amount to: ε by the tighter bound, δ = D. */
        public BigDecimal epsilon() {
            return PrivacyAccountant.epsilon(this);
        }
    }

    static BigDecimal epsilon(Spend spend) {
        if (spend.delta().signum() == 0) {
            if (spend.rho().signum() > 0) {
                throw new IllegalStateException("zCDP charges without δ cannot be converted to (ε, δ)");
            }
            return spend.pureEpsilon();
        }
        double delta = down(spend.delta());
        BigDecimal boundA = spend.rho().signum() == 0 ? spend.pureEpsilon()
                : spend.pureEpsilon().add(upper(ZcdpConversion.epsilon(up(spend.rho()), delta)));
        BigDecimal zcdpTotal = spend.rho().add(spend.epsilonSquares().divide(BigDecimal.valueOf(2)));
        BigDecimal boundB = upper(ZcdpConversion.epsilon(up(zcdpTotal), delta));
        return boundA.min(boundB);
    }

    private static double up(BigDecimal value) {
        double d = value.doubleValue();
        return new BigDecimal(d).compareTo(value) < 0 ? Math.nextUp(d) : d;
    }

    private static double down(BigDecimal value) {
        double d = value.doubleValue();
        return new BigDecimal(d).compareTo(value) > 0 ? Math.nextDown(d) : d;
    }

    private static BigDecimal upper(double epsilon) {
        if (!Double.isFinite(epsilon)) {
            return BigDecimal.valueOf(Long.MAX_VALUE);
        }
        return new BigDecimal(epsilon + Math.abs(epsilon) * 1e-12).setScale(PrivacyCost.SCALE, RoundingMode.CEILING);
    }
}
