package io.ppml.dp.core.vector;

import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bit-level primitives, checked exactly rather than statistically: each is run on every pattern of its first L
 * random bits ({@link ExactEnumeration}), which bounds the true probability of each outcome to an interval of width
 * (undecided mass); the tests require the exact target probability inside the interval and the interval narrow. No
 * randomness takes part, so these tests cannot fail by chance.
 */
class RandomBitStreamTests {

    private static final double EPS = 1e-12; // double rounding of the target probabilities

    @Test
    void readsBitsMostSignificantFirstAcrossWords() {
        Iterator<Long> words = List.of(0x0123456789ABCDEFL, 0xFEDCBA9876543210L).iterator();
        RandomBitStream stream = new RandomBitStream(words::next);
        assertThat(stream.bits(4)).isEqualTo(0x0);
        assertThat(stream.bits(8)).isEqualTo(0x12);
        assertThat(stream.bit()).isFalse(); // 0x3 = 0011: 0, 0, 1, 1
        assertThat(stream.bit()).isFalse();
        assertThat(stream.bit()).isTrue();
        assertThat(stream.bit()).isTrue();
        assertThat(stream.bits(44)).isEqualTo(0x456789ABCDEL);
        assertThat(stream.available()).isEqualTo(4);
        assertThat(stream.bits(12)).isEqualTo(0xFFEL); // the last nibble F, then FE of the next word
        assertThat(stream.available()).isEqualTo(56);
        assertThat(stream.bits(56)).isEqualTo(0xDCBA9876543210L);
    }

    /** The Fast Dice Roller gives every value the same number of decided patterns: exactly uniform. */
    @Test
    void uniformIntegersAreExactlyUniform() {
        for (long n : new long[]{1, 2, 3, 6, 7, 100, 4097}) {
            ExactEnumeration e = ExactEnumeration.of(20, s -> s.uniform(n));
            assertThat(e.counts).as("values of uniform(%d)", n).hasSize((int) n);
            assertThat(e.counts.keySet()).allMatch(v -> v >= 0 && v < n);
            assertThat(e.counts.values()).as("patterns per value of uniform(%d)", n).containsOnly(e.counts.get(0L));
            assertThat(e.undecidedMass()).isLessThan(1e-2);
        }
    }

    @Test
    void uniformIntegersReachTheLargestBound() {
        RandomBitStream stream = new RandomBitStream(() -> -1L); // all ones: every draw lands in the top
        long n = 1L << 62;
        assertThat(stream.uniform(n)).isEqualTo(n - 1);
        assertThatIllegalArgumentException().isThrownBy(() -> stream.uniform(n + 1));
        assertThatIllegalArgumentException().isThrownBy(() -> stream.uniform(0));
    }

    @Test
    void rationalBernoulliHasExactlyItsProbability() {
        long big = 1L << 62;
        long[][] cases = {{0, 1}, {1, 1}, {1, 2}, {1, 3}, {2, 3}, {5, 7}, {999, 1000}, {1, big}, {big - 1, big},
                {(big / 3) * 2 + 1, big - 5}, {12345, 1L << 40}};
        for (long[] c : cases) {
            ExactEnumeration e = ExactEnumeration.of(20, s -> s.bernoulli(c[0], c[1]) ? 1 : 0);
            double p = (double) c[0] / c[1];
            assertThat(p).as("P(true) of Bernoulli(%d/%d)", c[0], c[1])
                    .isBetween(e.lower(1) - EPS, e.upper(1) + EPS);
            assertThat(e.undecidedMass()).isLessThanOrEqualTo(0x1p-19); // the expansions differ at bit 20 at last
        }
    }

    @Test
    void rationalBernoulliOverKSplitsWhenTheDenominatorWouldOverflow() {
        long den = (1L << 62) - 1;
        ExactEnumeration e = ExactEnumeration.of(20, s -> s.bernoulli(den / 2, den, 3) ? 1 : 0);
        double p = (double) (den / 2) / den / 3;
        assertThat(p).isBetween(e.lower(1) - EPS, e.upper(1) + EPS);
        assertThat(e.undecidedMass()).isLessThan(1e-4);
    }

    @Test
    void expMinusHasProbabilityEToTheMinusGamma() {
        long[][] cases = {{0, 1}, {1, 2}, {1, 1}, {7, 9}, {(1L << 52) - 1, 1L << 52}};
        for (long[] c : cases) {
            ExactEnumeration e = ExactEnumeration.of(22, s -> s.expMinus(c[0], c[1]) ? 1 : 0);
            double p = Math.exp(-(double) c[0] / c[1]);
            assertThat(p).as("P(true) of Bernoulli(e^-(%d/%d))", c[0], c[1])
                    .isBetween(e.lower(1) - EPS, e.upper(1) + EPS);
            assertThat(e.undecidedMass()).isLessThan(5e-3);
        }
    }

    @Test
    void expMinusHalfSquareHasProbabilityEToTheMinusHalfXSquared() {
        long[][] cases = {{0, 1}, {1, 1}, {2, 3}, {(1L << 52) - 3, 1L << 52}, {12345, 1L << 61}};
        for (long[] c : cases) {
            ExactEnumeration e = ExactEnumeration.of(22, s -> s.expMinusHalfSquare(c[0], c[1]) ? 1 : 0);
            double x = (double) c[0] / c[1];
            double p = Math.exp(-x * x / 2);
            assertThat(p).as("P(true) of Bernoulli(e^-(x²/2)), x = %d/%d", c[0], c[1])
                    .isBetween(e.lower(1) - EPS, e.upper(1) + EPS);
            assertThat(e.undecidedMass()).isLessThan(1.2e-2); // about 4 bits a trial: the tail is longer
        }
    }
}
