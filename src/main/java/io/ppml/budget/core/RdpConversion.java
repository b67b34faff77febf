package io.ppml.budget.core;

/**
 * From a Rényi-DP curve to (ε, δ)-differential privacy.
 *
 * <p>Balle, Barthe, Gaboardi, Hsu &amp; Sato 2020, "Hypothesis Testing Interpretations and Rényi Differential Privacy"
 * (AISTATS 2020; arXiv:1905.09982, Theorem 21): a mechanism that is (α, r)-RDP for an α &gt; 1 is (ε, δ)-DP for every
 * δ in (0, 1) with
 * <pre>  ε = r + ln((α − 1)/α) − (ln δ + ln α)/(α − 1).</pre>
 * This is the conversion of Opacus's {@code get_privacy_spent} (opacus/accountants/analysis/rdp.py) and of TF
 * Privacy since December 2020 (the same bound appears as Canonne, Kamath &amp; Steinke 2020, Proposition 12, which
 * {@link ZcdpConversion} uses for r = αρ). It improves on Mironov 2017, Proposition 3 (ε = r − ln δ/(α − 1)) by the
 * two negative terms ln(1 − 1/α) and −ln α/(α − 1); published figures from the older conversion are therefore larger
 * and are not comparable.
 *
 * <p>Every order gives a valid ε, so the smallest over the orders is one too. The theorem holds for every α &gt; 1;
 * as α → 1 the term −ln δ/(α − 1) grows without bound, so orders near 1 are never the best, and the bracket is
 * computed from α − 1 directly (exact in double arithmetic for 1 &lt; α &lt; 2⁵³) rather than from a difference of
 * logarithms. Each bracket is raised by a bound on its floating-point error (16 units of roundoff times the sum of
 * the magnitudes of its intermediate quantities, as in {@link ZcdpConversion}); the result is never below 0 (an
 * (ε &lt; 0, δ) guarantee is a (0, δ) one), 0 when a curve value is exactly 0 (the distributions are then equal), and
 * +∞ when no order gives a finite value (for example δ = 0).
 */
public final class RdpConversion {

    /** Unit roundoff of double arithmetic, 2^−53 (Higham 2002, §2.1). */
    private static final double U = 0x1.0p-53;
    private static final double LARGEST_ORDER = 0x1.0p52;

    private RdpConversion() {
    }

    /** The ε found and the order α it was found at (NaN when ε is +∞). */
    public record Bound(double epsilon, double order) {
    }

    /**
     * The smallest ε over the orders by Balle et al. 2020, Theorem 21 (class comment).
     *
     * @param orders the orders α, each &gt; 1 and below 2⁵²
     * @param rdp    the RDP values r(α) at those orders, each ≥ 0 or +∞
     * @param delta  δ in [0, 1)
     * @throws IllegalArgumentException for arrays of different lengths or values outside those ranges
     */
    public static Bound bound(double[] orders, double[] rdp, double delta) {
        if (orders.length != rdp.length) {
            throw new IllegalArgumentException("orders and RDP values differ in number: " + orders.length + " and "
                    + rdp.length);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        double logDelta = Math.log(delta);
        for (int i = 0; i < orders.length; i++) {
            double alpha = orders[i];
            double r = rdp[i];
            if (!(alpha > 1 && alpha < LARGEST_ORDER)) {
                throw new IllegalArgumentException("RDP orders must be > 1 and < 2^52, got " + alpha);
            }
            if (!(r >= 0)) {
                throw new IllegalArgumentException("RDP values are never negative or NaN, got " + r);
            }
            if (r == 0) {
                return new Bound(0, alpha);
            }
            double epsilon = bracket(alpha, r, logDelta);
            if (epsilon < best) {
                best = epsilon;
                bestOrder = alpha;
            }
        }
        return new Bound(Math.max(0, best), bestOrder);
    }

    /** {@link #bound}'s ε. */
    public static double epsilon(double[] orders, double[] rdp, double delta) {
        return bound(orders, rdp, delta).epsilon();
    }

    /** Theorem 21's ε at one order, raised by a bound on its rounding error; +∞ when not finite. */
    private static double bracket(double alpha, double r, double logDelta) {
        double gap = alpha - 1; // exact: α − 1 needs no more bits than α for 1 < α < 2⁵³
        double logGap = Math.log(gap);
        double logAlpha = Math.log(alpha);
        double t2 = logGap - logAlpha;
        double t3 = -(logDelta + logAlpha) / gap;
        double value = r + t2 + t3;
        if (!Double.isFinite(value)) {
            return Double.POSITIVE_INFINITY;
        }
        double magnitudes = r + Math.abs(logGap) + Math.abs(logAlpha) + (Math.abs(logDelta) + Math.abs(logAlpha)) / gap
                + Math.abs(t2) + Math.abs(t3) + Math.abs(value);
        return value + 16 * U * magnitudes;
    }
}
