package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.RoundingMode;


/**
 * The composition bound behind "ε spent". With E = Σ ε of pure charges, S = Σ ε² of pure charges, R = Σ ρ of zCDP and
 * RDP charges, R_RDP = Σ ρ of the RDP charges alone, r_RDP(α) = Σ of the RDP charges' curves and D = Σ δ, the
 * charges together are (ε, D)-DP for the smallest of three sound bounds:
 * <ol>
 *   <li>(a) E + ε(R, D): the zCDP charges compose to R-zCDP (Bun &amp; Steinke 2016, Lemma 2.3), which converts to
 *   (ε(R, D), D)-DP; the pure charges add by basic composition (Dwork &amp; Roth 2014, Thm 3.16). An RDP charge
 *   enters through its ρ, a zCDP bound of the same mechanism ({@link PrivacyCost} says why);</li>
 *   <li>(b) ε(R + S/2, D): an ε-DP mechanism is ε²/2-zCDP (Bun &amp; Steinke 2016, Prop. 1.4), so everything is
 *   (R + S/2)-zCDP — tighter than (a) for many small pure charges once some δ is being spent;</li>
 *   <li>(c) the conversion of Balle et al. 2020 ({@link RdpConversion}) of the Rényi-DP curve
 *   r(α) = r_RDP(α) + α·(R − R_RDP) + min(E, α·S/2) at the orders of {@link RdpCurve}. RDP composes by adding curves
 *   (Mironov 2017, "Rényi Differential Privacy", Prop. 1); a ρ-zCDP charge is (α, αρ)-RDP for every α &gt; 1 (Bun
 *   &amp; Steinke 2016, Def. 1.1); an ε-DP charge is (α, min(ε, αε²/2))-RDP — (α, ε) because ε-DP bounds the Rényi
 *   divergence of order ∞, the largest log-ratio of probabilities, by ε (it is (∞, ε)-RDP, Mironov 2017) and the
 *   divergence does not decrease with the order (van Erven &amp; Harremoës 2014, Theorem 3), and (α, αε²/2) by Bun &amp; Steinke's Prop. 1.4. The pure charges together
 *   therefore contribute Σ min(εᵢ, αεᵢ²/2), which is at most min(E, αS/2): each summand is at most both of its
 *   arguments, so the sum is at most both sums (a sum of minima never exceeds the minimum of the sums). This is the
 *   bound that gives subsampled mechanisms their amplification.</li>
 * </ol>
 * ε(ρ, δ) is {@link ZcdpConversion#epsilon}: the smaller of Bun–Steinke's ρ + 2√(ρ ln(1/δ)) and Canonne, Kamath
 * &amp; Steinke's 2020 conversion. With no δ spent, bounds (b) and (c) do not exist and the answer is E exactly (a
 * zCDP or RDP charge without any δ is an error).
 *
 * <p>(c) is evaluated only when there are RDP charges: without them r(α) = min(E + αR, α(R + S/2)) at every α, whose
 * conversion is at least the smaller of (a) and (b) — those two take Canonne–Kamath–Steinke's bracket, the same as
 * Balle et al.'s for r = αρ, at its infimum over all α, (c) only at the fixed orders. So (c) could not improve on them.
 *
 * <p>Rounding only ever over-counts: the decimal sums are rounded up when recorded; the curve sum is kept in doubles
 * rounded up after every addition and multiplication ({@link RdpCurve}); ρ, E and S/2 are read rounded up and δ
 * rounded down before the (monotone) conversions, r(α) is assembled with upward-rounded products and sums, each
 * conversion adds a bound on its own rounding error, and the converted value is inflated by a relative 10⁻¹² (far above
 * double error) and rounded up to {@link PrivacyCost#SCALE} digits.
 */
public final class PrivacyAccountant {

    private PrivacyAccountant() {
    }

    /**
     * Running sums of one window (or of the tenant's lifetime).
     *
     * <p>{@code rho} is Σ ρ of zCDP <em>and</em> RDP charges; {@code rdpRho} is the part of it that RDP charges
     * contributed and {@code rdpCurve} the sum of their curves. The three are only meaningful together: a store that
     * keeps the curve must keep {@code rdpRho} with it. A store that keeps neither (only the four sums of
     * {@link #Spend(BigDecimal, BigDecimal, BigDecimal, BigDecimal)}) still counts every RDP charge soundly, through
     * its ρ in {@code rho}, and only loses bound (c). For storage, {@link RdpCurve#toBytes()} is empty when there are
     * no RDP charges and {@link RdpCurve#fromBytes} reads it back.
     */
    public record Spend(BigDecimal pureEpsilon, BigDecimal epsilonSquares, BigDecimal rho, BigDecimal delta,
            BigDecimal rdpRho, RdpCurve rdpCurve) {

        public static final Spend NONE = new Spend(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

        public Spend {
            if (rdpRho.signum() < 0 || rdpRho.compareTo(rho) > 0) {
                throw new IllegalArgumentException("the ρ of RDP charges is part of ρ: 0 <= rdpRho <= rho");
            }
        }

        /** Sums without RDP charges: the canonical constructor this record had before them. */
        public Spend(BigDecimal pureEpsilon, BigDecimal epsilonSquares, BigDecimal rho, BigDecimal delta) {
            this(pureEpsilon, epsilonSquares, rho, delta, BigDecimal.ZERO, RdpCurve.ZERO);
        }

        public Spend plus(PrivacyCost cost) {
            return switch (cost.kind()) {
                case PURE -> new Spend(pureEpsilon.add(cost.epsilon()),
                        epsilonSquares.add(PrivacyCost.up(cost.epsilon().multiply(cost.epsilon()))), rho, delta,
                        rdpRho, rdpCurve);
                case ZCDP -> new Spend(pureEpsilon, epsilonSquares, rho.add(cost.rho()), delta.add(cost.delta()),
                        rdpRho, rdpCurve);
                case RDP -> new Spend(pureEpsilon, epsilonSquares, rho.add(cost.rho()), delta.add(cost.delta()),
                        rdpRho.add(cost.rho()), rdpCurve.plus(cost.rdpCurve()));
            };
        }

        /** These sums plus {@code times} charges of {@code cost} (an RDP charge's curve is multiplied too). */
        public Spend plus(PrivacyCost cost, long times) {
            BigDecimal n = BigDecimal.valueOf(times);
            return switch (cost.kind()) {
                case PURE -> new Spend(pureEpsilon.add(cost.epsilon().multiply(n)),
                        epsilonSquares.add(PrivacyCost.up(cost.epsilon().multiply(cost.epsilon())).multiply(n)), rho,
                        delta, rdpRho, rdpCurve);
                case ZCDP -> new Spend(pureEpsilon, epsilonSquares, rho.add(cost.rho().multiply(n)),
                        delta.add(cost.delta().multiply(n)), rdpRho, rdpCurve);
                case RDP -> new Spend(pureEpsilon, epsilonSquares, rho.add(cost.rho().multiply(n)),
                        delta.add(cost.delta().multiply(n)), rdpRho.add(cost.rho().multiply(n)),
                        rdpCurve.plus(cost.rdpCurve().times(times)));
            };
        }

        /** The (ε, δ) these sums amount to: ε by the tightest bound, δ = D. */
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
        BigDecimal best = boundA.min(boundB);
        // Without a curve there is nothing for (c) to gain (class comment); an RDP charge whose curve is all zero is
        // still counted through its ρ in (a) and (b).
        return spend.rdpCurve().isZero() ? best : best.min(boundC(spend, delta));
    }

    /**
     * Bound (c) of the class comment, for any δ in (0, 1) — also without RDP charges, where it is never better than
     * (a) or (b).
     */
    static BigDecimal boundC(Spend spend, double delta) {
        double zcdpOnly = up(spend.rho().subtract(spend.rdpRho()));
        double pure = up(spend.pureEpsilon());
        double halfSquares = up(spend.epsilonSquares().divide(BigDecimal.valueOf(2)));
        double[] orders = RdpCurve.orders();
        double[] curve = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            double alpha = orders[i];
            double pureRdp = Math.min(pure, RdpCurve.mulUp(alpha, halfSquares));
            curve[i] = RdpCurve.addUp(RdpCurve.addUp(spend.rdpCurve().value(i), RdpCurve.mulUp(alpha, zcdpOnly)),
                    pureRdp);
        }
        return upper(RdpConversion.epsilon(orders, curve, delta));
    }

    private static double up(BigDecimal value) {
        return RdpCurve.upDouble(value);
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
