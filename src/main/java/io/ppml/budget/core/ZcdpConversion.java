package io.ppml.budget.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sound conversions from ρ-zCDP to (ε, δ)-differential privacy, and back for calibrating Gaussian noise.
 *
 * <p>Two bounds are implemented; both are valid for every ρ ≥ 0 and δ in (0, 1), and {@link #epsilon} returns the
 * smaller:
 * <ul>
 *   <li>Bun &amp; Steinke 2016, "Concentrated Differential Privacy: Simplifications, Extensions, and Lower Bounds",
 *       Proposition 1.3: ρ-zCDP implies (ρ + 2√(ρ·ln(1/δ)), δ)-DP.</li>
 *   <li>Canonne, Kamath &amp; Steinke 2020, "The Discrete Gaussian for Differential Privacy", Proposition 12 and
 *       Corollary 13: ρ-zCDP implies (ε, δ)-DP for
 *       ε = inf over α &gt; 1 of [ αρ + ln(1 − 1/α) − (ln δ + ln α)/(α − 1) ].</li>
 * </ul>
 *
 * <p>Why the CKS value is sound although it is found numerically: Proposition 12 states that a mechanism whose Rényi
 * divergence of order α is at most τ = αρ (which ρ-zCDP gives for every α &gt; 1, Bun &amp; Steinke 2016
 * Definition 1.1) is (ε, δ)-DP with δ = exp((α − 1)(τ − ε)) / (α − 1) · (1 − 1/α)^α. Solving for ε gives the
 * bracket above <em>for that α</em>. So the bracket at any single α is itself a valid ε: the infimum is only the best
 * of them. We minimise over α (a logarithmic grid, then golden-section refinement) and return the bracket evaluated
 * at the α we found, plus an upper bound on its floating-point rounding error — sound by construction, whatever the
 * quality of the minimisation. The α that Bun–Steinke's bound uses, α* = 1 + √(ln(1/δ)/ρ), is one of the candidates;
 * at that α the CKS bracket equals the Bun–Steinke bracket αρ + ln(1/δ)/(α − 1) plus two negative terms
 * (ln(1 − 1/α) and −ln α/(α − 1)), so the CKS value is never above Bun–Steinke's.
 */
public final class ZcdpConversion {

    /** Unit roundoff of double arithmetic, 2^−53 (Higham 2002, "Accuracy and Stability of Numerical Algorithms", §2.1). */
    private static final double UNIT_ROUNDOFF = 0x1.0p-53;
    private static final int GRID_POINTS = 90;
    private static final double LOG_GAP_MIN = -30.0;
    private static final double LOG_GAP_MAX = 60.0;
    private static final int GOLDEN_ITERATIONS = 70;
    private static final int CACHE_LIMIT = 4096;
    /** rhoFor is a pure function of (ε, δ) and costs about 60 evaluations of epsilon(): memoised, bounded. */
    private static final Map<Key, Double> RHO_CACHE = new ConcurrentHashMap<>();

    private record Key(double epsilon, double delta) {
    }

    private ZcdpConversion() {
    }

    /** Bun &amp; Steinke 2016, Proposition 1.3: ε = ρ + 2√(ρ·ln(1/δ)). */
    public static double epsilonBunSteinke(double rho, double delta) {
        validate(rho, delta);
        if (rho == 0) {
            return 0;
        }
        if (delta == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double value = rho + 2 * Math.sqrt(rho * -Math.log(delta));
        // Four roundings (log, product, sqrt, sum), each relative ≤ u: a safety margin keeps the result an upper bound.
        return value * (1 + 8 * UNIT_ROUNDOFF);
    }

    /**
     * Canonne, Kamath &amp; Steinke 2020, Proposition 12 / Corollary 13:
     * ε = inf_{α&gt;1} [αρ + ln(1 − 1/α) − (ln δ + ln α)/(α − 1)], evaluated at the α found by numerical minimisation
     * (any α gives a sound bound, see the class comment).
     */
    public static double epsilonCks(double rho, double delta) {
        validate(rho, delta);
        if (rho == 0) {
            return 0;
        }
        if (delta == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double logDelta = Math.log(delta);
        // Search α = 1 + e^s: the gap α − 1 spans many orders of magnitude as ρ goes to 0 (α* ≈ √(ln(1/δ)/ρ)).
        double bestS = Math.log(Math.sqrt(-logDelta / rho)); // Bun–Steinke's α* = 1 + √(ln(1/δ)/ρ)
        double best = cksBracket(rho, logDelta, bestS);
        double step = (LOG_GAP_MAX - LOG_GAP_MIN) / GRID_POINTS;
        for (int i = 0; i <= GRID_POINTS; i++) {
            double s = LOG_GAP_MIN + i * step;
            double value = cksBracket(rho, logDelta, s);
            if (value < best) {
                best = value;
                bestS = s;
            }
        }
        // Golden-section refinement around the best grid point; a point is kept only if it improves.
        double a = bestS - step;
        double b = bestS + step;
        double invPhi = (Math.sqrt(5) - 1) / 2;
        double c = b - invPhi * (b - a);
        double d = a + invPhi * (b - a);
        double fc = cksBracket(rho, logDelta, c);
        double fd = cksBracket(rho, logDelta, d);
        for (int i = 0; i < GOLDEN_ITERATIONS && b - a > 1e-13; i++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - invPhi * (b - a);
                fc = cksBracket(rho, logDelta, c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + invPhi * (b - a);
                fd = cksBracket(rho, logDelta, d);
            }
            if (fc < best) {
                best = fc;
            }
            if (fd < best) {
                best = fd;
            }
        }
        return best;
    }

    /**
     * The tighter of the two sound bounds, never below 0: 0 when ρ = 0 (the output distributions are identical), +∞ when ρ &gt; 0
     * and δ = 0 (zCDP gives no pure-ε guarantee).
     *
     * @throws IllegalArgumentException unless ρ is finite and ≥ 0 and δ is in [0, 1)
     */
    public static double epsilon(double rho, double delta) {
        validate(rho, delta);
        if (rho == 0) {
            return 0;
        }
        if (delta == 0) {
            return Double.POSITIVE_INFINITY;
        }
        // For a tiny ρ the CKS bracket can dip below 0 (the pair is then (0, δ)-DP already); ε is reported as ≥ 0
        return Math.max(0, Math.min(epsilonBunSteinke(rho, delta), epsilonCks(rho, delta)));
    }

    /**
     * The largest ρ (up to the spacing of doubles) with {@code epsilon(rho, delta) <= epsilon}, found by bisection
     * that keeps the invariant {@code epsilon(lo, delta) <= epsilon} on its lower end — so the answer satisfies it
     * exactly in double arithmetic. 0 when ε = 0 or δ = 0.
     *
     * @throws IllegalArgumentException unless ε is finite and ≥ 0 and δ is in [0, 1)
     */
    public static double rhoFor(double epsilon, double delta) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, was " + epsilon);
        }
        validate(0, delta);
        if (epsilon == 0 || delta == 0) {
            return 0;
        }
        Key key = new Key(epsilon, delta);
        Double cached = RHO_CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        double rho = bisectRho(epsilon, delta);
        if (RHO_CACHE.size() >= CACHE_LIMIT) {
            RHO_CACHE.clear();
        }
        RHO_CACHE.put(key, rho);
        return rho;
    }

    private static double bisectRho(double epsilon, double delta) {
        double lo = 0;
        double hi = epsilon; // Bun–Steinke's ε is at least ρ; the CKS value may be smaller, so widen if needed
        while (epsilon(hi, delta) <= epsilon) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 2000; i++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (epsilon(mid, delta) <= epsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // The invariant already gives epsilon(lo) <= epsilon; step down defensively should a future change break it.
        while (lo > 0 && epsilon(lo, delta) > epsilon) {
            lo = Math.nextDown(lo);
        }
        return lo;
    }

    /**
     * The CKS bracket at α = 1 + gap with gap = fl(e^s), computed entirely from the double {@code gap} so that all
     * three terms refer to the same real α (1 + gap is never rounded): αρ = ρ + gap·ρ, ln(1 − 1/α) = ln(gap) −
     * ln(1 + gap), and (ln δ + ln α)/(α − 1) = (ln δ + log1p(gap))/gap. The result is rounded up by a bound on its
     * floating-point error: Math.log, log1p and the divisions are within 1 ulp (java.lang.Math), so 16u times the sum
     * of the magnitudes of every intermediate quantity bounds the total error generously.
     */
    private static double cksBracket(double rho, double logDelta, double s) {
        double gap = Math.exp(s);
        double logGap = Math.log(gap);
        double logAlpha = Math.log1p(gap);
        double t1 = rho + gap * rho;
        double t2 = logGap - logAlpha;
        double t3 = -(logDelta + logAlpha) / gap;
        double value = t1 + t2 + t3;
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.POSITIVE_INFINITY;
        }
        double magnitudes = rho + Math.abs(gap * rho) + Math.abs(logGap) + Math.abs(logAlpha)
                + (Math.abs(logDelta) + Math.abs(logAlpha)) / gap + Math.abs(t1) + Math.abs(t2) + Math.abs(t3);
        return value + 16 * UNIT_ROUNDOFF * magnitudes;
    }

    private static void validate(double rho, double delta) {
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and >= 0, was " + rho);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
        }
    }
}
