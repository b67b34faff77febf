package io.ppml.dp.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact Bernoulli trials with rational or e^(−rational) success probabilities, from uniform integers only: Canonne,
 * Kamath &amp; Steinke 2020, "The Discrete Gaussian for Differential Privacy", §5.1 and Algorithm 1.
 */
final class ExactBernoulli {

    /** Words of the binary expansion of e^(−1) after the binary point, most significant first (512 bits). */
    static final long[] EXP_MINUS_ONE_BITS = expMinusOneBits(8);

    private ExactBernoulli() {
    }

    /**
     * Bernoulli(e^(−1)): compares a uniform U in [0, 1), drawn 64 bits at a time, with the binary expansion of
     * e^(−1), and answers U &lt; e^(−1). One word decides with probability 1 − 2^(−64); on a tie the next word is
     * compared, up to 512 bits. If all 512 bits tie (probability 2^(−512)) it answers false, so the output's
     * distance from an exact Bernoulli(e^(−1)) is at most 2^(−512) — exact for every practical purpose.
     */
    static boolean expMinusOne(RandomBits bits) {
        for (long word : EXP_MINUS_ONE_BITS) {
            int c = Long.compareUnsigned(bits.nextLong(), word);
            if (c != 0) {
                return c < 0;
            }
        }
        return false;
    }

    /**
     * Bernoulli(e^(−γ)) for γ = num/den ≥ 0 (CKS 2020 Algorithm 1): for γ in [0, 1], K counts trials
     * Bernoulli(γ/1), Bernoulli(γ/2), … up to the first failure, and the answer is "K odd", whose probability is
     * Σ_k (−γ)^k/k! = e^(−γ); for γ &gt; 1, e^(−γ) = (e^(−1))^⌊γ⌋ · e^(−(γ − ⌊γ⌋)), one independent trial per factor.
     */
    static boolean exp(long num, long den, RandomBits bits) {
        if (num < 0 || den <= 0) {
            throw new IllegalArgumentException("need num >= 0 and den > 0");
        }
        long whole = num / den;
        for (long i = 0; i < whole; i++) {
            if (!expMinusOne(bits)) {
                return false;
            }
        }
        long fraction = num % den;
        if (fraction == 0) {
            return true;
        }
        long k = 1;
        while (ratio(fraction, den, k, bits)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /**
     * Bernoulli(num/(den·k)) for 0 ≤ num &lt; den: a uniform integer in [0, den·k) below num. When den·k overflows a
     * long, the trial is split into independent Bernoulli(num/den) and Bernoulli(1/k), whose conjunction has the same
     * probability.
     */
    private static boolean ratio(long num, long den, long k, RandomBits bits) {
        long hi = Math.multiplyHigh(den, k);
        long product = den * k;
        if (hi == 0 && product > 0) {
            return bits.nextLong(product) < num;
        }
        return bits.nextLong(den) < num && bits.nextLong(k) == 0;
    }

    /** Bernoulli(e^(−γ)) for a rational γ = num/den ≥ 0 of any size, as {@link #exp(long, long, RandomBits)}. */
    static boolean exp(BigInteger num, BigInteger den, RandomBits bits) {
        if (num.signum() < 0 || den.signum() <= 0) {
            throw new IllegalArgumentException("need num >= 0 and den > 0");
        }
        if (num.bitLength() < 63 && den.bitLength() < 63) {
            return exp(num.longValue(), den.longValue(), bits);
        }
        BigInteger[] qr = num.divideAndRemainder(den);
        // ⌊γ⌋ trials of Bernoulli(e^(−1)); surviving more than 2^63 of them has probability e^(−2^63), so a long
        // counter that saturates there changes nothing that can happen.
        long whole = qr[0].bitLength() < 63 ? qr[0].longValue() : Long.MAX_VALUE;
        for (long i = 0; i < whole; i++) {
            if (!expMinusOne(bits)) {
                return false;
            }
        }
        BigInteger fraction = qr[1];
        if (fraction.signum() == 0) {
            return true;
        }
        long k = 1;
        while (bits.nextBigInteger(den.multiply(BigInteger.valueOf(k))).compareTo(fraction) < 0) {
            k++;
        }
        return (k & 1) == 1;
    }

    /**
     * ⌊e^(−1) · 2^(64·words)⌋ split into words, from the alternating series e^(−1) = Σ (−1)^k/k! summed in BigDecimal
     * with 60 decimal digits more than the bits need; the truncation error (below the first omitted term, far below
     * 10^(−(digits))) cannot change the floor unless e^(−1)·2^512 lay within 10^(−40) of an integer, which the test
     * {@code DpSamplerTests} rules out by recomputing with more digits.
     */
    static long[] expMinusOneBits(int words) {
        int digits = (int) Math.ceil(words * 64 * Math.log10(2)) + 60;
        MathContext mc = new MathContext(digits + 10);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 0; term.abs().compareTo(BigDecimal.ONE.movePointLeft(digits + 5)) > 0; k++) {
            if (k > 0) {
                term = term.divide(BigDecimal.valueOf(-k), mc);
            }
            sum = sum.add(term, mc);
        }
        BigInteger scaled = sum.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(64 * words)), mc).toBigInteger();
        long[] out = new long[words];
        for (int i = words - 1; i >= 0; i--) {
            out[i] = scaled.longValue();
            scaled = scaled.shiftRight(64);
        }
        return out;
    }
}
