package io.ppml.dp.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

import io.ppml.crypto.Randomness;

/**
 * Uniform random words for the noise samplers: a per-thread buffer over this thread's
 * {@link Randomness#secureRandom()} — not a new generator. Each refill asks the SecureRandom for 4096 bytes at once
 * (512 words), which amortises its per-call cost (locking, reading the OS source) over many samples; every bit
 * handed out is a bit the SecureRandom produced, used once.
 *
 * <p>An instance belongs to one thread: obtain it with {@link #current()} and never share it. The buffered words
 * are as sensitive as the noise they will become; they stay in this thread's heap and are never logged.
 */
public final class RandomBits {

    private static final int WORDS = 512;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<RandomBits> CURRENT = ThreadLocal.withInitial(RandomBits::new);

    private final byte[] bytes = new byte[WORDS * Long.BYTES];
    private final long[] words = new long[WORDS];
    private int next = WORDS;
    private long bitBuffer;
    private int bitsLeft;

    private RandomBits() {
    }

    /** This thread's buffer. */
    public static RandomBits current() {
        return CURRENT.get();
    }

    /** 64 uniform bits. */
    public long nextLong() {
        if (next == WORDS) {
            refill();
        }
        return words[next++];
    }

    /**
     * A uniform integer in [0, bound), without bias: Lemire 2019, "Fast Random Integer Generation in an Interval"
     * (ACM TOMACS 29(1)), Algorithm 5 — the high word of the 128-bit product of a uniform word and the bound, with
     * the few low words that would bias it rejected.
     *
     * @throws IllegalArgumentException unless bound &gt; 0
     */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        long x = nextLong();
        long low = x * bound;
        if (Long.compareUnsigned(low, bound) < 0) {
            long threshold = Long.remainderUnsigned(-bound, bound); // 2^64 mod bound
            while (Long.compareUnsigned(low, threshold) < 0) {
                x = nextLong();
                low = x * bound;
            }
        }
        // high 64 bits of the unsigned product x·bound (bound > 0): signed high plus the correction for x's sign bit
        return Math.multiplyHigh(x, bound) + ((x >> 63) & bound);
    }

    /** A fair coin, one buffered bit at a time. */
    public boolean nextBoolean() {
        if (bitsLeft == 0) {
            bitBuffer = nextLong();
            bitsLeft = 64;
        }
        boolean bit = (bitBuffer & 1) != 0;
        bitBuffer >>>= 1;
        bitsLeft--;
        return bit;
    }

    /**
     * A uniform integer in [0, bound) by rejection: draw bound.bitLength() bits, keep them if below the bound (each
     * try succeeds with probability above 1/2).
     */
    public BigInteger nextBigInteger(BigInteger bound) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(nextLong(bound.longValue()));
        }
        int bits = bound.bitLength();
        byte[] magnitude = new byte[(bits + 7) / 8];
        while (true) {
            for (int i = 0; i < magnitude.length; i += 8) {
                long word = nextLong();
                for (int j = i; j < Math.min(i + 8, magnitude.length); j++) {
                    magnitude[j] = (byte) word;
                    word >>>= 8;
                }
            }
            magnitude[0] &= (byte) (0xFF >>> (magnitude.length * 8 - bits));
            BigInteger candidate = new BigInteger(1, magnitude);
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }

    private void refill() {
        Randomness.secureRandom().nextBytes(bytes);
        for (int i = 0; i < WORDS; i++) {
            words[i] = (long) LONGS.get(bytes, i * Long.BYTES);
        }
        next = 0;
    }
}
