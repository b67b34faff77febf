package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Rényi DP of the Sampled Gaussian Mechanism (SGM): each record enters the sample independently with probability
 * q (Poisson subsampling), a function of L2 sensitivity Δ₂ is evaluated on the sample, and Gaussian noise of standard
 * deviation σ = z·Δ₂ is added (z, the noise multiplier).
 *
 * <p><b>What is computed.</b> Mironov, Talwar &amp; Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian
 * Mechanism" (arXiv:1908.10530), §3: for add/remove-one neighbours the SGM is (α, ln(A_α)/(α − 1))-RDP for every
 * α &gt; 1, where, with μ₀ = N(0, z²), μ₁ = N(1, z²) and μ = (1 − q)μ₀ + qμ₁,
 * A_α = E_{x∼μ₀}[(μ(x)/μ₀(x))^α] (the other direction, B_α, is never larger). §3.3 evaluates A_α:
 * <ul>
 *   <li>integer α: A_α = Σ_{k=0..α} C(α, k) (1 − q)^{α−k} q^k exp((k² − k)/(2z²)). Since the weights
 *   C(α, k)(1 − q)^{α−k}q^k sum to 1, A_α − 1 = Σ_{k=2..α} C(α, k)(1 − q)^{α−k}q^k expm1((k² − k)/(2z²)), a sum of
 *   positive terms: we compute ln(A_α − 1) and then ln A_α = log1p(A_α − 1), which keeps full relative accuracy even
 *   when A_α − 1 is of order q² ≪ 1 (summing the terms of A_α itself would cancel down to an absolute error of
 *   about 10⁻¹⁶);</li>
 *   <li>fractional α: split the integral at x₀ = z² ln(1/q − 1) + 1/2, where qμ₁ = (1 − q)μ₀, and expand
 *   (μ/μ₀)^α by the generalised binomial series on each side, which converges there:
 *   A_α = Σ_{k≥0} C(α, k) [ (1 − q)^{α−k} q^k exp((k² − k)/(2z²)) Q((k − x₀)/z)
 *   + q^{α−k} (1 − q)^k exp((j² − j)/(2z²)) Q((x₀ − j)/z) ], j = α − k, where Q is the standard normal upper tail
 *   (Q(t) = erfc(t/√2)/2). The coefficients C(α, k) alternate in sign once k &gt; α.</li>
 * </ul>
 * Every quantity is kept as a logarithm and added or subtracted in log space (ln(e^a ± e^b) = a + log1p(±e^{b−a})),
 * as Opacus's {@code _compute_log_a_int}/{@code _compute_log_a_frac} (opacus/accountants/analysis/rdp.py) do; this
 * is a reimplementation from the formulas above, not a port.
 *
 * <p><b>Why the result is an upper bound, not just an estimate.</b>
 * <ul>
 *   <li>Truncation: the series is stopped, as Opacus does, once both of its k-th terms are below e^{−30}, but never
 *   before k ≥ ⌊α⌋ + 1. From there on each series alternates in sign, and its terms shrink in magnitude: the ratio of
 *   consecutive terms is at most |α − k|/(k + 1) &lt; 1, because Q(x + a) ≤ e^{−ax − a²/2}Q(x) for a ≥ 0 (substitute
 *   t → t + a in the tail integral) exactly cancels the growth of the other factors. So what is left out is at most
 *   the last term kept (the alternating series bound), and we add both last terms. A_α ≥ 1 (Jensen), so adding y to
 *   A_α raises ln A_α by at most y.</li>
 *   <li>Rounding: a first-order forward error bound (Higham 2002, "Accuracy and Stability of Numerical Algorithms",
 *   §3) is carried alongside every term and every log-space addition or subtraction, each elementary operation
 *   counted at 8 units of roundoff relative to the magnitudes involved (4 would do; the doubling covers second-order
 *   terms), the log of the normal tail as {@link #tailError} says. The bound, doubled, is added to ln A_α.</li>
 *   <li>Two more sound bounds, and the smallest is taken. Interpolation: α ↦ ln A_α = ln E[(μ/μ₀)^α] is convex
 *   (Hölder's inequality) with ln A_1 = 0, so at a fractional α between the integers a and a + 1,
 *   ln A_α ≤ (a + 1 − α) ln A_a + (α − a) ln A_{a+1} — computed from the integer formula, it stands in for the series
 *   where that converges slowly (only polynomially when x₀ is small, e.g. q near 1/2 with large z). Cap: Rényi
 *   divergence is jointly quasi-convex (van Erven &amp; Harremoës 2014, "Rényi Divergence and Kullback–Leibler
 *   Divergence", Theorem 13), so mixing in the unsampled case can only lower it: the SGM is never worse than the
 *   Gaussian mechanism, α/(2z²) (Bun &amp; Steinke 2016, Proposition 1.6: it is 1/(2z²)-zCDP, that is
 *   (α, α/(2z²))-RDP for every α by their Definition 1.1). A series that fails (partial sums that numerically
 *   turn non-positive, no convergence within {@value #MAX_TERMS} terms, a non-finite result) leaves the other two.</li>
 * </ul>
 * For q = 1 the value is α/(2z²) (rounded up) and for q = 0 it is 0: the output then does not depend on the data.
 */
public final class SampledGaussianRdp {

    /** Unit roundoff of double arithmetic, 2^−53 (Higham 2002, §2.1). */
    private static final double U = 0x1.0p-53;
    private static final double STOP_BELOW = -30;
    private static final int MAX_TERMS = 20_000;
    private static final double LOG_TWO_SQRT_PI = Math.log(2 * Math.sqrt(Math.PI));
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int CACHE_LIMIT = 1024;
    /**
     * A curve costs a few milliseconds (up to about 50 for q near 1/2 with large z) and is a pure function of (q, z);
     * DP-FedAvg repeats the same pair round after round.
     */
    private static final Map<Key, RdpCurve> CURVES = new ConcurrentHashMap<>();

    private record Key(double q, double z) {
    }

    private SampledGaussianRdp() {
    }

    /**
     * An upper bound on the RDP of order α of one SGM application, see the class comment.
     *
     * @throws IllegalArgumentException unless q is in [0, 1], z is finite and &gt; 0 with 1/(2z²) finite, and
     *                                  α &gt; 1 (α = +∞ gives +∞ for q &gt; 0)
     */
    public static double rdp(double samplingRate, double noiseMultiplier, double alpha) {
        validate(samplingRate, noiseMultiplier);
        if (!(alpha > 1)) {
            throw new IllegalArgumentException("the RDP order must be > 1, was " + alpha);
        }
        if (samplingRate == 0) {
            return 0;
        }
        double cap = gaussian(alpha, noiseMultiplier);
        if (samplingRate == 1 || Double.isInfinite(alpha)) {
            return cap;
        }
        double logA;
        if (alpha == Math.rint(alpha) && alpha <= MAX_TERMS) {
            logA = integerLogA(samplingRate, noiseMultiplier, (int) alpha);
        } else {
            // either may be NaN (a failed series, an order beyond the integer formula): NaN never wins
            double series = fractionalLogA(samplingRate, noiseMultiplier, alpha);
            double interpolated = interpolatedLogA(samplingRate, noiseMultiplier, alpha);
            logA = Double.isNaN(series) ? interpolated : Double.isNaN(interpolated) ? series
                    : Math.min(series, interpolated);
        }
        double bound = divideUp(logA, alpha - 1); // α − 1 is exact for 1 < α < 2⁵³
        return bound >= 0 && bound < cap ? bound : cap;
    }

    /** The curve of one SGM application at {@link RdpCurve#orders()}; remembered for recently used (q, z). */
    public static RdpCurve curve(double samplingRate, double noiseMultiplier) {
        validate(samplingRate, noiseMultiplier);
        if (samplingRate == 0) {
            return RdpCurve.ZERO;
        }
        Key key = new Key(samplingRate, noiseMultiplier);
        RdpCurve cached = CURVES.get(key);
        if (cached != null) {
            return cached;
        }
        double[] values = new double[RdpCurve.SIZE];
        for (int i = 0; i < values.length; i++) {
            values[i] = rdp(samplingRate, noiseMultiplier, RdpCurve.order(i));
        }
        RdpCurve curve = RdpCurve.of(values);
        if (CURVES.size() >= CACHE_LIMIT) {
            CURVES.clear();
        }
        CURVES.put(key, curve);
        return curve;
    }

    /** α/(2z²) rounded up: the Gaussian mechanism's RDP (Bun &amp; Steinke 2016, Proposition 1.6, Definition 1.1). */
    static double gaussian(double alpha, double noiseMultiplier) {
        if (Double.isInfinite(alpha)) {
            return alpha;
        }
        BigDecimal z = new BigDecimal(noiseMultiplier);
        BigDecimal exact = new BigDecimal(alpha).divide(z.multiply(z).multiply(BigDecimal.valueOf(2)),
                new MathContext(40, RoundingMode.CEILING));
        return RdpCurve.upDouble(exact);
    }

    /**
     * For a fractional α between the integers a and a + 1, ln A_α ≤ (a + 1 − α) ln A_a + (α − a) ln A_{a+1}: α ↦ ln
     * E[L^α] is convex (Hölder's inequality), and ln A_1 = ln E[μ/μ₀] = 0. A second sound bound, cheap even where the
     * series converges slowly; NaN when α is above the integer orders computed here.
     */
    private static double interpolatedLogA(double q, double z, double alpha) {
        double below = Math.floor(alpha);
        if (!(below + 1 <= MAX_TERMS)) {
            return Double.NaN;
        }
        double logBelow = below == 1 ? 0 : integerLogA(q, z, (int) below);
        double logAbove = integerLogA(q, z, (int) below + 1);
        // below + 1 − α and α − below are exact (Sterbenz), the products and the sum are rounded up
        return RdpCurve.addUp(RdpCurve.mulUp(below + 1 - alpha, logBelow), RdpCurve.mulUp(alpha - below, logAbove));
    }

    /** An upper bound on ln(A_α) via ln(A_α − 1) for an integer α ≥ 2 (class comment); NaN on failure. */
    private static double integerLogA(double q, double z, int alpha) {
        double logQ = Math.log(q);
        double logOneMinusQ = Math.log1p(-q);
        double twoVariance = 2 * z * z;
        LogSum sum = new LogSum();
        double logBinomial = 0; // ln C(α, k), built up from C(α, k + 1) = C(α, k)·(α − k)/(k + 1)
        double binomialError = 0;
        for (int k = 0; k <= alpha; k++) {
            if (k >= 2) {
                double exponent = ((double) k * (k - 1)) / twoVariance;
                double logGrowth = logExpm1(exponent);
                double a = logBinomial;
                double b = k * logQ;
                double c = (alpha - k) * logOneMinusQ;
                double term = a + b + c + logGrowth;
                double termError = binomialError + 8 * U * (Math.abs(a) + 2 * Math.abs(b) + 2 * Math.abs(c)
                        + 3 * Math.abs(exponent) + Math.abs(logGrowth) + Math.abs(term) + 1);
                sum.add(term, termError);
            }
            if (k < alpha) {
                double step = Math.log(alpha - k) - Math.log(k + 1.0);
                logBinomial += step;
                binomialError += 8 * U * (Math.abs(logBinomial) + Math.abs(step) + Math.log(alpha) + 1);
            }
        }
        if (sum.failed || Double.isNaN(sum.log)) {
            return Double.NaN;
        }
        if (sum.log == Double.NEGATIVE_INFINITY) {
            return Double.MIN_VALUE; // every term underflowed: A_α − 1 < e^−745, below the least positive double
        }
        double logExcess = sum.log + 2 * sum.error; // ln(A_α − 1), bounded above
        // ln A_α = log1p(A_α − 1) ≤ A_α − 1; far below 1 the exponential may underflow, and that bound is used instead
        double logA = logExcess < -700 ? Math.exp(logExcess) : Math.log1p(Math.exp(logExcess));
        return Math.nextUp(logA * (1 + 8 * U));
    }

    /** An upper bound on ln(A_α) for a fractional α &gt; 1 from the split series (class comment); NaN on failure. */
    private static double fractionalLogA(double q, double z, double alpha) {
        double logQ = Math.log(q);
        double logOneMinusQ = Math.log1p(-q);
        double logOdds = logOneMinusQ - logQ; // ln(1/q − 1)
        double logOddsError = 4 * U * (Math.abs(logOneMinusQ) + Math.abs(logQ) + Math.abs(logOdds));
        double variance = z * z;
        double x0 = variance * logOdds + 0.5;
        double x0Error = variance * logOddsError + 8 * U * (Math.abs(variance * logOdds) + Math.abs(x0));
        double twoVariance = 2 * variance;
        LogSum lower = new LogSum(); // Σ over x ≤ x₀
        LogSum upper = new LogSum(); // Σ over x ≥ x₀
        double logBinomial = 0; // ln |C(α, k)|
        double binomialError = 0;
        boolean positive = true; // sign of C(α, k)
        int floorAlpha = (int) Math.floor(alpha);
        double last0 = Double.NEGATIVE_INFINITY;
        double last1 = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        for (int k = 0; k < MAX_TERMS; k++) {
            double j = alpha - k;
            double t0 = (k - x0) / z;
            double t1 = (x0 - j) / z;
            double t0Error = (x0Error + 4 * U * (k + Math.abs(x0))) / z + 4 * U * Math.abs(t0);
            double t1Error = (x0Error + 4 * U * (Math.abs(x0) + Math.abs(j) + k)) / z + 4 * U * Math.abs(t1);
            double tail0 = logGaussianTail(t0);
            double tail1 = logGaussianTail(t1);
            double exponent0 = ((double) k * (k - 1)) / twoVariance;
            double exponent1 = (j * j - j) / twoVariance;
            double a0 = k * logQ;
            double b0 = j * logOneMinusQ;
            double a1 = j * logQ;
            double b1 = k * logOneMinusQ;
            double s0 = logBinomial + a0 + b0 + exponent0 + tail0;
            double s1 = logBinomial + a1 + b1 + exponent1 + tail1;
            double s0Error = binomialError + tailError(t0, tail0, t0Error) + 8 * U * (Math.abs(logBinomial)
                    + 2 * Math.abs(a0) + 2 * Math.abs(b0) + 3 * Math.abs(exponent0) + Math.abs(tail0) + Math.abs(s0));
            double s1Error = binomialError + tailError(t1, tail1, t1Error) + 8 * U * (Math.abs(logBinomial)
                    + 2 * Math.abs(a1) + 2 * Math.abs(b1) + 4 * Math.abs(exponent1) + Math.abs(tail1) + Math.abs(s1));
            if (positive) {
                lower.add(s0, s0Error);
                upper.add(s1, s1Error);
            } else {
                lower.subtract(s0, s0Error);
                upper.subtract(s1, s1Error);
            }
            if (lower.failed || upper.failed || Double.isNaN(s0) || Double.isNaN(s1)) {
                return Double.NaN;
            }
            last0 = s0;
            last1 = s1;
            if (k >= floorAlpha + 1 && Math.max(s0, s1) < STOP_BELOW) {
                converged = true;
                break;
            }
            double step = Math.log(Math.abs(j)) - Math.log(k + 1.0);
            logBinomial += step;
            binomialError += 8 * U * (Math.abs(logBinomial) + Math.abs(step) + 1);
            if (j < 0) {
                positive = !positive;
            }
        }
        if (!converged) {
            return Double.NaN;
        }
        LogSum total = new LogSum();
        total.add(lower.log, lower.error);
        total.add(upper.log, upper.error);
        if (total.failed || Double.isNaN(total.log) || total.log == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        // Both left-out tails are at most the last terms kept; A_α ≥ 1, so ln A_α rises by at most their sum.
        double truncation = Math.exp(last0) + Math.exp(last1);
        double logA = total.log + 2 * total.error + 2 * truncation;
        return Math.nextUp(Math.max(0, logA) * (1 + 8 * U));
    }

    /** a/b rounded up for a ≥ 0, b &gt; 0 (the fused multiply-add q·b − a is exact while q is a normal double). */
    private static double divideUp(double a, double b) {
        double quotient = a / b;
        if (!Double.isFinite(quotient) || a == 0) {
            return quotient;
        }
        if (quotient < Double.MIN_NORMAL) {
            return Math.nextUp(quotient);
        }
        return Math.fma(quotient, b, -a) < 0 ? Math.nextUp(quotient) : quotient;
    }

    /**
     * Error bound of ln Q(t) as computed by {@link #logGaussianTail} at a t that is itself off by up to
     * {@code tError}. The evaluation: 256 units of roundoff times 1 + t² for t ≥ 0 (1 − erf loses up to a factor 22
     * near t = 2, and beyond, the terms are of size t²/2); for t &lt; 0, ln Q(t) = log1p(−Q(−t)) ≈ −Q(−t), so the
     * relative error of Q(−t), which is that bound, applies to |ln Q(t)|. The argument: |d ln Q/dt| = φ(t)/Q(t), the
     * normal hazard rate, which increases with t, so it is at most φ(t)/Q(0) = 2φ(t) for t ≤ 0 and at most t + 1 for
     * t &gt; 0 (Birnbaum 1942, φ/Q ≤ (t + √(t² + 4))/2).
     */
    private static double tailError(double t, double logTail, double tError) {
        double evaluation = 256 * U * (1 + t * t);
        if (t <= 0) {
            return evaluation * Math.abs(logTail) + 2 * Math.exp(-0.5 * t * t - LOG_SQRT_2PI) * tError;
        }
        return evaluation + (t + 1) * tError;
    }

    /** ln(e^x − 1) for x &gt; 0, without overflow for large x. */
    private static double logExpm1(double x) {
        return x > 30 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
    }

    /**
     * ln Q(t), Q(t) = P(N(0, 1) &gt; t) = erfc(t/√2)/2, within a few hundred units of roundoff times 1 + t² (times
     * |ln Q(t)| for t &lt; 0; see {@link #tailError}): for t &lt; 0 as
     * log1p(−Q(−t)); for 0 ≤ t &lt; 2 from erf's series with positive terms (Abramowitz &amp; Stegun 7.1.6),
     * erf(x) = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1}/(1·3···(2n+1)), where 1 − erf loses at most two digits; for t ≥ 2 from
     * Q(t) = Γ(1/2, t²/2)/(2√π) and Legendre's continued fraction for the upper incomplete gamma function
     * (A&amp;S 6.5.31 in its even form, Press et al., "Numerical Recipes", §6.2), evaluated by the modified Lentz
     * method in log form, so that it never underflows.
     */
    static double logGaussianTail(double t) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (t < 0) {
            return Math.log1p(-upperTail(-t));
        }
        if (t < 2) {
            return Math.log(upperTail(t));
        }
        if (Double.isInfinite(t)) {
            return Double.NEGATIVE_INFINITY;
        }
        double x = 0.5 * t * t;
        return -x + 0.5 * Math.log(x) + Math.log(gammaFraction(x)) - LOG_TWO_SQRT_PI;
    }

    /** Q(t) for t ≥ 0 (may underflow for large t; callers wanting logs use {@link #logGaussianTail}). */
    private static double upperTail(double t) {
        if (t < 2) {
            double x = t / Math.sqrt(2);
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 0; n < 200 && term > sum * 1e-18; n++) {
                term *= 2 * x2 / (2 * n + 3);
                sum += term;
            }
            double erf = 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
            return 0.5 * (1 - erf);
        }
        return Math.exp(logGaussianTail(t));
    }

    /**
     * Γ(1/2, x)·eˣ/√x = 1/(x + 1/2 − (1·1/2)/(x + 5/2 − (2·3/2)/(x + 9/2 − …))) for x ≥ 2, by the modified Lentz
     * method (Press et al., §5.2 and the routine gcf of §6.2).
     */
    private static double gammaFraction(double x) {
        double tiny = 1e-300;
        double b = x + 0.5;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int n = 1; n < 1000; n++) {
            double a = -n * (n - 0.5);
            b += 2;
            d = a * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 4e-16) {
                break;
            }
        }
        return h;
    }

    private static void validate(double samplingRate, double noiseMultiplier) {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be in [0, 1], was " + samplingRate);
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)
                || !Double.isFinite(1 / (2 * noiseMultiplier * noiseMultiplier))) {
            throw new IllegalArgumentException("the noise multiplier must be finite and > 0 (and 1/(2z²) finite), was "
                    + noiseMultiplier);
        }
    }

    /**
     * A sum kept as its logarithm, with a first-order bound on the absolute error of that logarithm. ln(e^a ± e^b)
     * = a + log1p(±e^{b−a}) for a ≥ b; an error e_a in a moves the result by e_a·e^{a−r}, one in b by e_b·e^{b−r}, and
     * the rounding of b − a (at most u(|a| + |b|)) the same way as an error in b. A subtraction that would not leave a
     * positive sum marks the sum failed.
     */
    private static final class LogSum {
        double log = Double.NEGATIVE_INFINITY;
        double error;
        boolean failed;

        void add(double term, double termError) {
            if (term == Double.NEGATIVE_INFINITY) {
                return;
            }
            if (log == Double.NEGATIVE_INFINITY) {
                log = term;
                error = termError;
                return;
            }
            double big = Math.max(log, term);
            double small = Math.min(log, term);
            double result = big + Math.log1p(Math.exp(small - big));
            update(result, term, termError, big, small);
        }

        void subtract(double term, double termError) {
            if (term == Double.NEGATIVE_INFINITY) {
                return;
            }
            if (!(term < log)) {
                failed = true;
                return;
            }
            double result = log + Math.log(-Math.expm1(term - log));
            if (!(result > Double.NEGATIVE_INFINITY)) {
                failed = true;
                return;
            }
            update(result, term, termError, log, term);
        }

        private void update(double result, double term, double termError, double big, double small) {
            double propagated = scaled(error, log - result) + scaled(termError, term - result);
            double rounding = 8 * U * (Math.abs(big) + Math.abs(result)
                    + scaled(Math.abs(big) + Math.abs(small) + 1, small - result));
            log = result;
            error = propagated + rounding;
        }

        private static double scaled(double value, double logFactor) {
            return value == 0 ? 0 : value * Math.exp(logFactor);
        }
    }
}
