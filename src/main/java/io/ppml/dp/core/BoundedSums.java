package io.ppml.dp.core;

/**
 * Sums of clamped values with a proven, data-independent bound on their floating-point error.
 *
 * <p>Why it matters: a sum computed in floating point is not the exact sum, and its deviation depends on the data
 * and their order, so the computed sum's sensitivity can exceed the textbook one (Casacuberta, Shoemate, Vadhan &amp;
 * Wagaman 2022, "Widespread Underestimation of Sensitivity in Differentially Private Libraries and How to Fix It").
 * We sum pairwise over blocks of 64 and bound the error with Higham 2002 ("Accuracy and Stability of Numerical
 * Algorithms", §4.2, eq. (4.3)–(4.6)): if every summand passes through at most h additions, the computed sum Ŝ of
 * x₁…x_n satisfies |Ŝ − S| ≤ γ_h · Σ|x_i| with γ_h = h·u/(1 − h·u), u = 2^−53. With at most N summands each of
 * magnitude at most M, e = γ_h(N)·N·M bounds the error for every dataset of at most N rows; a computed sum
 * therefore moves by at most Δ + 2e between neighbours, and the mechanisms are calibrated for that.
 */
final class BoundedSums {

    private static final int LEAF = 64;
    /** u, the unit roundoff of a double. */
    static final double UNIT_ROUNDOFF = 0x1p-53;

    private BoundedSums() {
    }

    /**
     * The most additions a summand passes through for n summands: at most LEAF within a leaf (the first addition,
     * to 0, is exact but counted) plus one per level of halving, ⌈log₂ n⌉ at most.
     */
    static int height(long n) {
        return LEAF + (64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
    }

    /** e = γ_h(n)·n·maxAbs, rounded up by 1 %: the error bound of a sum of n summands of magnitude ≤ maxAbs. */
    static double errorBound(long n, double maxAbs) {
        double hu = height(n) * UNIT_ROUNDOFF;
        return hu / (1 - hu) * n * maxAbs * 1.01;
    }

    static double clamp(double x, double lower, double upper) {
        return x < lower ? lower : (x > upper ? upper : x);
    }

    /*
     * Leaves use four interleaved accumulators (combined pairwise), so that the additions do not wait on each other;
     * a summand passes through at most LEAF/4 + 2 additions in a leaf, within the LEAF that height() allows. Each
     * leaf also adds Σ x·0, which is +0 for finite x and NaN for NaN or ±∞: a non-finite input makes the result NaN
     * (adding zeros changes no rounding), so callers detect it without a separate pass.
     */

    /** Σ clamp(x); NaN if any x is not finite. */
    static double sumClamped(double[] v, int from, int to, double lower, double upper) {
        if (to - from <= LEAF) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double check = 0;
            int i = from;
            for (; i + 3 < to; i += 4) {
                s0 += clamp(v[i], lower, upper);
                s1 += clamp(v[i + 1], lower, upper);
                s2 += clamp(v[i + 2], lower, upper);
                s3 += clamp(v[i + 3], lower, upper);
                check += v[i] * 0.0 + v[i + 1] * 0.0 + v[i + 2] * 0.0 + v[i + 3] * 0.0;
            }
            for (; i < to; i++) {
                s0 += clamp(v[i], lower, upper);
                check += v[i] * 0.0;
            }
            return ((s0 + s1) + (s2 + s3)) + check;
        }
        int mid = (from + to) >>> 1;
        return sumClamped(v, from, mid, lower, upper) + sumClamped(v, mid, to, lower, upper);
    }

    /** Σ fl(clamp(x) − centre); NaN if any x is not finite. */
    static double sumCentred(double[] v, int from, int to, double lower, double upper, double centre) {
        if (to - from <= LEAF) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double check = 0;
            int i = from;
            for (; i + 3 < to; i += 4) {
                s0 += clamp(v[i], lower, upper) - centre;
                s1 += clamp(v[i + 1], lower, upper) - centre;
                s2 += clamp(v[i + 2], lower, upper) - centre;
                s3 += clamp(v[i + 3], lower, upper) - centre;
                check += v[i] * 0.0 + v[i + 1] * 0.0 + v[i + 2] * 0.0 + v[i + 3] * 0.0;
            }
            for (; i < to; i++) {
                s0 += clamp(v[i], lower, upper) - centre;
                check += v[i] * 0.0;
            }
            return ((s0 + s1) + (s2 + s3)) + check;
        }
        int mid = (from + to) >>> 1;
        return sumCentred(v, from, mid, lower, upper, centre) + sumCentred(v, mid, to, lower, upper, centre);
    }

    /**
     * out[0] = Σ φ and out[1] = Σ fl(φ·φ) for φ = fl(clamp(x) − centre), both pairwise; NaN if any x is not finite.
     */
    static void sumCentredAndSquares(double[] v, int from, int to, double lower, double upper, double centre,
                                     double[] out) {
        if (to - from <= LEAF) {
            double s0 = 0;
            double s1 = 0;
            double q0 = 0;
            double q1 = 0;
            double check = 0;
            int i = from;
            for (; i + 1 < to; i += 2) {
                double a = clamp(v[i], lower, upper) - centre;
                double b = clamp(v[i + 1], lower, upper) - centre;
                s0 += a;
                s1 += b;
                q0 += a * a;
                q1 += b * b;
                check += v[i] * 0.0 + v[i + 1] * 0.0;
            }
            for (; i < to; i++) {
                double a = clamp(v[i], lower, upper) - centre;
                s0 += a;
                q0 += a * a;
                check += v[i] * 0.0;
            }
            out[0] = (s0 + s1) + check;
            out[1] = (q0 + q1) + check;
            return;
        }
        int mid = (from + to) >>> 1;
        double[] left = new double[2];
        sumCentredAndSquares(v, from, mid, lower, upper, centre, left);
        sumCentredAndSquares(v, mid, to, lower, upper, centre, out);
        out[0] = left[0] + out[0];
        out[1] = left[1] + out[1];
    }
}
