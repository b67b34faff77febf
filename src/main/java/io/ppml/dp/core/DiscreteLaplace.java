package io.ppml.dp.core;

import java.math.BigInteger;

/**
 * Exact samples of the discrete Laplace distribution with integer scale t ≥ 1: P(Z = z) = (1 − q)/(1 + q) · q^|z|
 * with q = e^(−1/t), i.e. P(Z = z) ∝ e^(−|z|/t). Adding it to an integer-valued function whose neighbouring values
 * differ by at most Δ (in L1) is (Δ/t)-differentially private (Ghosh, Roughgarden &amp; Sundararajan 2012; CKS 2020
 * §2.2).
 *
 * <p>The sampler is Algorithm 2 of Canonne, Kamath &amp; Steinke 2020, "The Discrete Gaussian for Differential
 * Privacy", with s = 1: a geometric |Z| is assembled as U + t·V, where U in {0, …, t − 1} is uniform accepted with
 * probability e^(−U/t) and V counts successes of Bernoulli(e^(−1)) before the first failure; a random sign is
 * attached, rejecting "negative zero" so that 0 is not counted twice. Only integers and exact Bernoulli trials are
 * used ({@link ExactBernoulli}).
 */
public final class DiscreteLaplace {

    /** Largest scale handled with long arithmetic; above it use {@link #sample(BigInteger, RandomBits)}. */
    public static final long MAX_LONG_SCALE = 1L << 52;

    private DiscreteLaplace() {
    }

    /**
     * One sample with scale t, in long arithmetic.
     *
     * @throws IllegalArgumentException unless 1 ≤ t ≤ {@link #MAX_LONG_SCALE}
     * @throws ArithmeticException if |Z| exceeds 2^63 − 1, which needs V ≥ 2^11 and so has probability below
     *                             e^(−2048)
     */
    public static long sample(long t, RandomBits bits) {
        if (t < 1 || t > MAX_LONG_SCALE) {
            throw new IllegalArgumentException("t must be in [1, 2^52], was " + t);
        }
        while (true) {
            long u = bits.nextLong(t);
            if (!ExactBernoulli.exp(u, t, bits)) {
                continue;
            }
            long v = 0;
            while (ExactBernoulli.expMinusOne(bits)) {
                v++;
            }
            long x = Math.addExact(u, Math.multiplyExact(t, v));
            boolean negative = bits.nextBoolean();
            if (negative && x == 0) {
                continue;
            }
            return negative ? -x : x;
        }
    }

    /** One sample with scale t of any size, in BigInteger arithmetic (the same algorithm). */
    public static BigInteger sample(BigInteger t, RandomBits bits) {
        if (t.signum() <= 0) {
            throw new IllegalArgumentException("t must be >= 1");
        }
        if (t.compareTo(BigInteger.valueOf(MAX_LONG_SCALE)) <= 0) {
            return BigInteger.valueOf(sample(t.longValue(), bits));
        }
        while (true) {
            BigInteger u = bits.nextBigInteger(t);
            if (!ExactBernoulli.exp(u, t, bits)) {
                continue;
            }
            long v = 0;
            while (ExactBernoulli.expMinusOne(bits)) {
                v++;
            }
            BigInteger x = u.add(t.multiply(BigInteger.valueOf(v)));
            boolean negative = bits.nextBoolean();
            if (negative && x.signum() == 0) {
                continue;
            }
            return negative ? x.negate() : x;
        }
    }
}
