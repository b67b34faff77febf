package io.ppml.fl.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/** Exact arithmetic on floats for the tests: every float and double is exactly a BigDecimal. */
final class Exact {

    /** 80 significant digits: far beyond double's 17, so quotients carry no error the tests could notice. */
    static final MathContext WIDE = new MathContext(80, RoundingMode.HALF_EVEN);

    private Exact() {
    }

    static BigDecimal of(double x) {
        return new BigDecimal(x);
    }

    /** Σ v_i², exactly. */
    static BigDecimal normSquared(float[] v) {
        BigDecimal s = BigDecimal.ZERO;
        for (float x : v) {
            BigDecimal b = new BigDecimal(x);
            s = s.add(b.multiply(b));
        }
        return s;
    }

    /** Whether the exact L2 norm of v is at most bound. */
    static boolean normAtMost(float[] v, double bound) {
        BigDecimal c = new BigDecimal(bound);
        return normSquared(v).compareTo(c.multiply(c)) <= 0;
    }

    /** The exact L2 norm to 80 digits. */
    static BigDecimal norm(float[] v) {
        return normSquared(v).sqrt(WIDE);
    }

    /** The float nearest to e, ties to even: the correctly rounded float32 of an exact value. */
    static float nearestFloat(BigDecimal e) {
        float f = (float) e.doubleValue();
        float best = f;
        BigDecimal bestDistance = distance(f, e);
        for (float candidate : new float[] {Math.nextDown(f), Math.nextUp(f)}) {
            BigDecimal d = distance(candidate, e);
            int c = d.compareTo(bestDistance);
            if (c < 0 || c == 0 && (Float.floatToIntBits(candidate) & 1) == 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static BigDecimal distance(float f, BigDecimal e) {
        return new BigDecimal(f).subtract(e).abs();
    }

    /**
     * A finite float with a uniformly random sign, exponent in [minExponent, maxExponent] and significand: values
     * spread over many orders of magnitude, as model deltas of different layers are. An exponent below −126 gives a
     * subnormal.
     */
    static float spread(SplittableRandom random, int minExponent, int maxExponent) {
        int e = random.nextInt(minExponent, maxExponent + 1);
        float significand = 1 + random.nextInt(1 << 23) * 0x1p-23f;
        float v = Math.scalb(significand, e);
        return random.nextBoolean() ? v : -v;
    }

    /** An n-by-d matrix of {@link #spread} values. */
    static float[][] spreadMatrix(SplittableRandom random, int n, int d, int minExponent, int maxExponent) {
        float[][] xs = new float[n][d];
        for (float[] x : xs) {
            for (int i = 0; i < d; i++) {
                x[i] = spread(random, minExponent, maxExponent);
            }
        }
        return xs;
    }
}
