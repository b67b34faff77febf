package io.ppml.fl.core;

import java.util.Arrays;

/**
 * L2 norms, clipping and finiteness checks of {@code float[]} vectors, without boxing.
 *
 * <h2>Why clipping leaves a margin</h2>
 * DP-FedAvg's privacy rests on every clipped update having L2 norm ≤ C <em>exactly</em> — the real norm of the values
 * that enter the sum, not a rounded estimate of it. Scaling by C/‖x‖ does not give that: the norm is computed with
 * rounding, the factor is rounded, and each product is rounded to float32, any of which can leave the result a few
 * ulps above C. Clipping therefore bounds each error (Higham 2002, "Accuracy and Stability of Numerical Algorithms",
 * §2.2 and Lemma 3.1; u = 2^-53):
 * <ol>
 *   <li>the squares of floats are exact in double (24-bit significands, exponents in range), and their sum in any
 *       order is within γ_{d−1} = (d−1)u/(1−(d−1)u) of the exact sum of squares; the correctly rounded square root
 *       adds a factor (1 ± u). So the exact norm is at most the computed norm times (1 + (d+2)·2^-52)
 *       ({@link #normUpperBound}), which exceeds 1/((1−u)³·√(1−γ_{d−1})) for every array length;</li>
 *   <li>the scale is s = (C − (√d + 1)·2^-150)·(1 − 2^-22) / upper, computed in double, and the factor f is s
 *       rounded toward zero to 24 significant bits, so f ≤ s and every product x_i·f is exact in double (24 + 24
 *       bits). DP-FedAvg adds these exact products: their norm is f·‖x‖ ≤ s·upper ≤ C;</li>
 *   <li>{@link #clipInPlace} stores them rounded to float, y_i = (float) (x_i·f), with
 *       |y_i| ≤ |x_i·f|·(1 + 2^-24) + 2^-150 (relative error in float's normal range, at most half the subnormal
 *       spacing 2^-149 below it), so ‖y‖ ≤ f·‖x‖·(1 + 2^-24) + √d·2^-150, which the choice of s keeps ≤ C after every
 *       double rounding on the way; when C is so small that only the zero vector is provably within it
 *       (C ≤ √d·2^-150, about 10^-42 for d = 10^6), the vector becomes zero. When f is a normal float the product is
 *       taken in float, which rounds the exact product once just the same and vectorises; f may also be far below the
 *       smallest float (C = 10^-10 against a norm of 10^39) while the clipped values are not, and then the product
 *       is taken in double.</li>
 * </ol>
 * The cost is a shrink of the clipped vector by a relative 2^-22 (2.4·10^-7, four float ulps) below C.
 */
public final class Vectors {

    private Vectors() {
    }

    /**
     * The L2 norm of {@code v} computed in double: exact squares summed in four interleaved partial sums, then one
     * square root. Relative error below (d+2)·2^-53; {@link #normUpperBound} turns it into a sure upper bound.
     */
    public static double l2Norm(float[] v) {
        return Math.sqrt(Kernels.sumOfSquares(v));
    }

    /** An upper bound on the exact L2 norm of a {@code dimension}-vector whose {@link #l2Norm} is {@code norm}. */
    public static double normUpperBound(double norm, int dimension) {
        return norm * (1 + (dimension + 2L) * 0x1p-52);
    }

    /**
     * Scales {@code v} in place so that its exact L2 norm is at most {@code clipNorm} (see the class comment):
     * unchanged when that already holds provably, else scaled by a factor slightly below clipNorm / ‖v‖.
     *
     * @param clipNorm finite and &gt; 0
     * @return the norm of {@code v} before clipping, as {@link #l2Norm} computes it
     */
    public static double clipInPlace(float[] v, double clipNorm) {
        requireClipNorm(clipNorm);
        double norm = l2Norm(v);
        double f = clipFactor(norm, clipNorm, v.length);
        if (f == 0) {
            Arrays.fill(v, 0f); // also clears −0.0, so the result is exactly zero
        } else if (f != 1) {
            if (f >= Float.MIN_NORMAL) {
                float ff = (float) f; // exact: f has 24 significant bits
                for (int i = 0; i < v.length; i++) {
                    v[i] *= ff;
                }
            } else {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] * f);
                }
            }
        }
        return norm;
    }

    /**
     * The clipping factor f of the class comment for a vector of this computed norm and dimension: 1 when no clipping
     * is needed, 0 when only the zero vector is provably within clipNorm, else s rounded toward zero to 24 significant
     * bits, so that x·f is exact in double for every float x and ‖x·f‖ ≤ clipNorm, and so is the norm of the products
     * rounded to float.
     */
    static double clipFactor(double norm, double clipNorm, int dimension) {
        double upper = normUpperBound(norm, dimension);
        if (upper <= clipNorm) {
            return 1;
        }
        double target = (clipNorm - (Math.sqrt(dimension) + 1) * 0x1p-150) * (1 - 0x1p-22);
        if (!(target > 0)) {
            return 0;
        }
        // s > 2^-350 (C − A is a positive difference of doubles near 2^-150 or above, so at least 2^-202, and norms
        // of floats stay below 2^144): a normal double, so clearing the low 29 of its 52 stored significand bits
        // rounds it toward zero to 24 significant bits
        double s = target / upper;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(s) & ~((1L << 29) - 1));
    }

    static void requireClipNorm(double clipNorm) {
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be finite and > 0, was " + clipNorm);
        }
    }

    /**
     * Refuses a vector holding NaN or ±Infinity, naming the first bad index: {@code "delta[17]"} with
     * "must be finite, got NaN".
     *
     * @param field the JSON name of the vector, e.g. {@code "delta"}, {@code "initialModel"}
     */
    public static void requireFinite(float[] v, String field) {
        requireFinite(v, 0, v.length, field);
    }

    /** {@link #requireFinite(float[], String)} for {@code v[from, to)}, naming indices of the whole vector. */
    static void requireFinite(float[] v, int from, int to, String field) {
        for (int i = from; i < to; i++) {
            float x = v[i];
            // x − x is 0 for finite x and NaN for NaN and ±Infinity: one test, no branch per class
            if (x - x != 0f) {
                throw new FlException(field + "[" + i + "]", "must be finite, got " + x);
            }
        }
    }
}
