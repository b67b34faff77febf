package io.ppml.dp.core.vector;

import java.util.function.LongSupplier;

import io.ppml.dp.core.RandomBits;

/**
 * Uniform random bits read one or a few at a time from 64-bit words, each bit used once, and the exact primitives the
 * vector sampler is built from: uniform integers, Bernoulli trials with a rational probability and with probability
 * e^(−rational). Every primitive reads only as many bits as its answer needs — a Bernoulli trial about two on average
 * instead of a whole word — because the words come from a SecureRandom whose throughput (about 50–100 MB/s for the
 * default NativePRNG on the development machine) would otherwise bound the sampler (see {@link VectorGaussian}).
 *
 * <p>Bits are read from the most significant end of each word: the first bit read is the first binary digit of a
 * uniform number U in [0, 1), the next bit the second, and so on, so a stream is one lazily expanded uniform number
 * whenever a primitive compares against a binary expansion. A stream belongs to one thread and is discarded after one
 * release (up to 63 unread bits are dropped, never reused elsewhere).
 */
final class RandomBitStream {

    /** Largest denominator of {@link #bernoulli}: 2·remainder then stays below 2^63. */
    static final long MAX_DENOMINATOR = 1L << 62;

    private final LongSupplier words;
    private long buffer;
    /** Unread bits: the low {@code available} bits of {@code buffer}, the highest of them next. */
    private int available;

    /**
     * A stream over any source of uniform words; only tests pass anything but {@link #over(RandomBits)} (a scripted
     * source lets them enumerate every bit pattern and compute the primitives' exact output probabilities).
     */
    RandomBitStream(LongSupplier words) {
        this.words = words;
    }

    /** A stream over this thread's buffer of SecureRandom words. */
    static RandomBitStream over(RandomBits bits) {
        return new RandomBitStream(bits::nextLong);
    }

    /** Bits of the current word not yet read (0 to 63); tests use it to count the bits a primitive consumed. */
    int available() {
        return available;
    }

    /** One fair bit. */
    boolean bit() {
        if (available == 0) {
            buffer = words.getAsLong();
            available = 64;
        }
        available--;
        return ((buffer >>> available) & 1) != 0;
    }

    /** {@code count} fair bits as an integer in [0, 2^count), the first bit read the most significant; 1 ≤ count ≤ 62. */
    long bits(int count) {
        if (count <= available) {
            available -= count;
            return (buffer >>> available) & ((1L << count) - 1);
        }
        long high = buffer & ((1L << available) - 1);
        int rest = count - available;
        buffer = words.getAsLong();
        available = 64 - rest;
        return (high << rest) | (buffer >>> available);
    }

    /**
     * A uniform integer in [0, n), 1 ≤ n ≤ 2^62, reading about log₂ n + 2 bits: Lumbroso 2013 ("Optimal Discrete
     * Uniform Generation from Coin Flips, and Applications", the Fast Dice Roller), extended by as many bits at once
     * as bring the range up to n. Invariant: c is uniform in [0, v); on c ≥ n the surplus c − n, uniform in
     * [0, v − n), is kept instead of discarded.
     */
    long uniform(long n) {
        if (n < 1 || n > MAX_DENOMINATOR) {
            throw new IllegalArgumentException("bound must be in [1, 2^62], was " + n);
        }
        if (n == 1) {
            return 0;
        }
        int target = 64 - Long.numberOfLeadingZeros(n - 1); // 2^(target−1) < n ≤ 2^target
        long v = 1;
        long c = 0;
        while (true) {
            // the fewest bits b ≥ 1 with v·2^b ≥ n; v < n ≤ 2^62 keeps v·2^b < 2n in range
            int b = Math.max(1, target - (64 - Long.numberOfLeadingZeros(v)));
            if (v << b < n) {
                b++;
            }
            v <<= b;
            c = (c << b) | bits(b);
            if (c < n) {
                return c;
            }
            v -= n;
            c -= n;
        }
    }

    /**
     * Bernoulli(num/den) for 0 ≤ num ≤ den ≤ 2^62: compares the stream's uniform U with the binary expansion of
     * num/den, produced digit by digit by long division, and answers U &lt; num/den at the first digit where they
     * differ (each digit differs with probability 1/2, so two bits are read on average). When the expansion ends
     * (remainder 0) with all digits equal, U ≥ num/den. Exact: no probability is rounded.
     */
    boolean bernoulli(long num, long den) {
        if (num >= den) {
            return true;
        }
        long remainder = num;
        while (remainder != 0) {
            remainder <<= 1;
            boolean digit = remainder >= den;
            if (digit) {
                remainder -= den;
            }
            if (bit() != digit) {
                return digit; // U's digit 0 under num/den's 1 means U < num/den, and the reverse
            }
        }
        return false;
    }

    /**
     * Bernoulli(num/(den·k)) for 0 ≤ num ≤ den ≤ 2^62 and k ≥ 1; when den·k exceeds 2^62 the trial is the
     * conjunction of independent Bernoulli(num/den) and Bernoulli(1/k), which has the same probability.
     */
    boolean bernoulli(long num, long den, long k) {
        if (den <= MAX_DENOMINATOR / k) {
            return bernoulli(num, den * k);
        }
        return bernoulli(num, den) && bernoulli(1, k);
    }

    /**
     * Bernoulli(e^(−num/den)) for 0 ≤ num ≤ den ≤ 2^62 (γ = num/den in [0, 1]): Canonne, Kamath &amp; Steinke 2020
     * ("The Discrete Gaussian for Differential Privacy") Algorithm 1 — K counts trials Bernoulli(γ/1),
     * Bernoulli(γ/2), … up to the first failure, and P(K odd) = Σ_m (−γ)^m/m! = e^(−γ). About e^γ trials.
     */
    boolean expMinus(long num, long den) {
        long k = 1;
        while (bernoulli(num, den, k)) {
            k++;
        }
        return (k & 1) == 1;
    }

    /**
     * Bernoulli(e^(−x²/2)) for x = num/den in [0, 1], 0 ≤ num ≤ den ≤ 2^61: the same algorithm with γ = x²/2, whose
     * trials Bernoulli(γ/k) = Bernoulli(x) ∧ Bernoulli(x/(2k)) are two independent rational trials, so no product
     * num² or den² is ever formed.
     */
    boolean expMinusHalfSquare(long num, long den) {
        long k = 1;
        while (bernoulli(num, den) && bernoulli(num, 2 * den, k)) {
            k++;
        }
        return (k & 1) == 1;
    }
}
