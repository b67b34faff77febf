package io.ppml.fl.core;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The aggregation loops: fused multiply-add where, and only where, it changes no bit. */
class FlKernelsTests {

    /** For factors with at most 29 significant bits, fma(w, x, acc) and acc + w·x are the same double. */
    @Property(tries = 300)
    void fusedMultiplyAddEqualsMultiplyThenAddForExactFactors(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 1_000; trial++) {
            double w = switch (trial % 3) {
                case 0 -> random.nextLong(1, 1L << 29); // a weight: numExamples below 2^29
                case 1 -> Vectors.clipFactor(Math.pow(10, random.nextDouble(-20, 40)), 1, 1_000); // a clip factor
                default -> Exact.spread(random, -149, 127); // any float
            };
            assertThat(Kernels.exactFactor(w)).as("%s", w).isTrue();
            float x = Exact.spread(random, -149, 127);
            double acc = random.nextBoolean() ? random.nextGaussian() * Math.pow(2, random.nextInt(-200, 200))
                    : -(w * x) * (1 + random.nextDouble(-1e-9, 1e-9)); // near cancellation
            assertThat(Math.fma(w, x, acc)).as("fma(%s, %s, %s)", w, x, acc).isEqualTo(acc + w * x);
        }
    }

    /** The condition matters: with 30 or more significant bits the product rounds and the two differ. */
    @Test
    void wideFactorsAreNotExactAndFusingThemWouldChangeResults() {
        assertThat(Kernels.exactFactor((1L << 29) - 1)).isTrue();
        assertThat(Kernels.exactFactor((1L << 29) + 1)).isFalse();
        assertThat(Kernels.exactFactor(0.1)).isFalse();
        assertThat(Kernels.exactFactor(Double.MIN_VALUE)).isFalse();
        assertThat(Kernels.exactFactor(0x1p900)).isFalse();
        SplittableRandom random = new SplittableRandom(29);
        int differ = 0;
        for (int trial = 0; trial < 1_000; trial++) {
            double w = random.nextLong(1L << 40, 1L << 50) | 1; // more than 29 significant bits
            float x = (float) random.nextDouble(1, 2);
            double acc = -(w * x) * (1 + random.nextDouble(-1e-9, 1e-9));
            if (Math.fma(w, x, acc) != acc + w * x) {
                differ++;
            }
        }
        assertThat(differ).isGreaterThan(100);
    }

    /** Four updates in one pass are four passes, bit for bit, whichever loop the factors select. */
    @Property(tries = 200)
    void addingFourAtOnceEqualsAddingOneAfterAnother(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int d) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] xs = Exact.spreadMatrix(random, 4, d, -60, 60);
        double[] w = new double[4];
        for (int k = 0; k < 4; k++) {
            w[k] = random.nextBoolean() ? random.nextLong(1, 1_000) : random.nextLong(1L << 29, 1L << 45);
        }
        double[] start = new double[d];
        for (int i = 0; i < d; i++) {
            start[i] = random.nextGaussian();
        }
        double[] together = start.clone();
        Kernels.add4(together, xs[0], w[0], xs[1], w[1], xs[2], w[2], xs[3], w[3]);
        double[] plain = start.clone();
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < d; i++) {
                plain[i] = plain[i] + w[k] * (double) xs[k][i];
            }
        }
        assertThat(together).containsExactly(plain);
    }

    @Property(tries = 200)
    void sumOfSquaresIsTheDocumentedInterleavedSum(@ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int d) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = Exact.spread(random, -149, 127);
        }
        double[] s = new double[4];
        int full = d - d % 4;
        for (int i = 0; i < full; i++) {
            s[i % 4] = s[i % 4] + (double) v[i] * v[i];
        }
        for (int i = full; i < d; i++) {
            s[0] = s[0] + (double) v[i] * v[i];
        }
        double expected = (s[0] + s[1]) + (s[2] + s[3]);
        assertThat(Kernels.sumOfSquares(v)).isEqualTo(expected);
    }
}
