package io.ppml.dp.core.vector;

/**
 * Exact samples of the discrete Gaussian N_Z(0, s²) for an integer s: P(Z = z) ∝ e^(−z²/(2s²)) over the integers,
 * with long arithmetic and exact Bernoulli trials only — no floating-point number, no truncated constant.
 *
 * <h2>Algorithm</h2>
 * Karney 2016 ("Sampling exactly from the normal distribution", ACM TOMS 42(1)), algorithm D for the discrete normal,
 * specialised to mean 0 and an integer σ = s. Every n ≥ 0 is uniquely n = k·s + j with k ≥ 0 and 0 ≤ j &lt; s, and
 * <pre>   e^(−n²/(2s²)) = e^(−k²/2) · e^(−k·j/s) · e^(−(j/s)²/2).</pre>
 * So: draw k with P(k) ∝ e^(−k²/2) (Karney's steps N1–N2: k counts successes of Bernoulli(e^(−1/2)) before the first
 * failure, then is kept with probability e^(−k(k−1)/2) by k(k−1) further trials), draw j uniform in [0, s), and accept
 * the pair with probability e^(−k·j/s) · e^(−(j/s)²/2) — k independent Bernoulli(e^(−j/s)) trials and one
 * Bernoulli(e^(−(j/s)²/2)), each by Canonne, Kamath &amp; Steinke 2020 Algorithm 1 ({@link RandomBitStream}). The
 * accepted n then has P(n) ∝ e^(−n²/(2s²)) on n ≥ 0. A fair sign makes it symmetric; a negative zero is rejected
 * (the whole draw restarts) so that 0 is not counted twice. Karney's own acceptance step (his algorithm B, comparing
 * lazily generated uniform numbers) is replaced by these rational trials, which need no lazy uniform numbers and read
 * two bits each on average.
 *
 * <p>A pair is accepted with probability Σ_n e^(−n²/2s²) / (s·Σ_(k≥0) e^(−k²/2)) → √(π/2)/1.7533 ≈ 0.715 for large
 * s. A sample reads about 1.4·log₂ s + 21 random bits on average — j costs log₂ s + 2 bits per pair, k about 14,
 * the trials a few (measured: 49 at s = 2^20, 77 at s = 2^40; bounded in {@code DiscreteGaussianSamplerTests}) —
 * where any exact sampler needs the distribution's entropy, log₂ s + 2.05.
 */
final class DiscreteGaussianSampler {

    /**
     * Largest s: keeps every intermediate below 2^62 (j/(2s·k) trials fall back to a conjunction beyond it), and
     * k·s + j overflows a long only for k ≥ 2^11, which has probability below e^(−2^21).
     */
    static final long MAX_SIGMA = 1L << 52;

    private final long s;

    DiscreteGaussianSampler(long s) {
        if (s < 1 || s > MAX_SIGMA) {
            throw new IllegalArgumentException("s must be in [1, 2^52], was " + s);
        }
        this.s = s;
    }

    long sigma() {
        return s;
    }

    /**
     * One sample.
     *
     * @throws ArithmeticException if |Z| exceeds 2^63 − 1, which needs k ≥ 2^11 and so has probability below
     *                             e^(−2^21)
     */
    long sample(RandomBitStream bits) {
        while (true) {
            long k = halfGaussianIndex(bits);
            long j = bits.uniform(s);
            if (!accept(k, j, bits)) {
                continue;
            }
            boolean negative = bits.bit();
            if (negative && k == 0 && j == 0) {
                continue;
            }
            long n = Math.addExact(Math.multiplyExact(k, s), j);
            return negative ? -n : n;
        }
    }

    /** e^(−k·j/s) · e^(−(j/s)²/2), as k + 1 independent exact trials. */
    private boolean accept(long k, long j, RandomBitStream bits) {
        for (long i = 0; i < k; i++) {
            if (!bits.expMinus(j, s)) {
                return false;
            }
        }
        return bits.expMinusHalfSquare(j, s);
    }

    /**
     * k ≥ 0 with P(k) = e^(−k²/2) / Σ_(i≥0) e^(−i²/2) (Karney 2016, steps N1–N2): a geometric k with
     * P(k) ∝ e^(−k/2), kept with probability e^(−k(k−1)/2); the product is e^(−k²/2).
     */
    static long halfGaussianIndex(RandomBitStream bits) {
        while (true) {
            long k = 0;
            while (bits.expMinus(1, 2)) {
                k++;
            }
            long trials = k * (k - 1); // k ≥ 2^31 would need 2^31 successes in a row: probability e^(−2^30)
            boolean keep = true;
            for (long i = 0; i < trials && keep; i++) {
                keep = bits.expMinus(1, 2);
            }
            if (keep) {
                return k;
            }
        }
    }
}
