package io.ppml.dp.core.vector;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Exact output probabilities of a lazy sampler, by running it on every pattern of its first L random bits. A run that
 * reads c ≤ L bits has decided from those c bits alone, so each of the 2^L patterns stands for probability 2^(−L) of
 * its outcome; a run that needs more than L bits is counted as undecided. The true probability of an outcome r then
 * lies in [count(r)/2^L, (count(r) + undecided)/2^L] — no sampling error, only the undecided mass.
 */
final class ExactEnumeration {

    /** Thrown by the scripted source when a run asks for a second word. */
    private static final class OutOfBits extends RuntimeException {
        OutOfBits() {
            super(null, null, false, false);
        }
    }

    final Map<Long, Long> counts = new TreeMap<>();
    final long undecided;
    final int bitCount;

    private ExactEnumeration(int bitCount, ToLongFunction<RandomBitStream> run) {
        this.bitCount = bitCount;
        long open = 0;
        for (long pattern = 0; pattern < 1L << bitCount; pattern++) {
            long word = pattern << (64 - bitCount);
            boolean[] used = {false};
            RandomBitStream stream = new RandomBitStream(() -> {
                if (used[0]) {
                    throw new OutOfBits();
                }
                used[0] = true;
                return word;
            });
            try {
                long outcome = run.applyAsLong(stream);
                int read = used[0] ? 64 - stream.available() : 0;
                if (read > bitCount) {
                    open++;
                } else {
                    counts.merge(outcome, 1L, Long::sum);
                }
            } catch (OutOfBits e) {
                open++;
            }
        }
        this.undecided = open;
    }

    /** Every outcome of {@code run} on each pattern of {@code bitCount} ≤ 30 bits. */
    static ExactEnumeration of(int bitCount, ToLongFunction<RandomBitStream> run) {
        return new ExactEnumeration(bitCount, run);
    }

    double lower(long outcome) {
        return counts.getOrDefault(outcome, 0L) / (double) (1L << bitCount);
    }

    double upper(long outcome) {
        return (counts.getOrDefault(outcome, 0L) + undecided) / (double) (1L << bitCount);
    }

    double undecidedMass() {
        return undecided / (double) (1L << bitCount);
    }
}
