package io.ppml.fl.core;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * L2 norms and clipping: a clipped vector's exact norm (BigDecimal, from its float values) is at most clipNorm, on
 * random vectors spread over every float magnitude and on adversarial ones built so that rounding errors line up.
 */
class FlClippingTests {

    /** A vector and a clip norm; {@link #cases} makes adversarial ones. */
    record Case(String kind, float[] v, double clipNorm) {
        @Override
        public String toString() {
            return kind + "[d=" + v.length + ", clipNorm=" + clipNorm + "]";
        }
    }

    @Property(tries = 1_000)
    void aClippedVectorsExactNormIsAtMostClipNorm(@ForAll("cases") Case c) {
        float[] v = c.v().clone();
        BigDecimal before = Exact.norm(c.v());
        Vectors.clipInPlace(v, c.clipNorm());
        assertThat(Exact.normAtMost(v, c.clipNorm())).as("‖v‖ = %s > %s", Exact.norm(v), c.clipNorm()).isTrue();
        if (Exact.normAtMost(c.v(), c.clipNorm() * (1 - 0x1p-30))) {
            assertThat(v).as("a vector well within the bound is left alone").isEqualTo(c.v());
        } else if (c.clipNorm() > 1e-30 && before.compareTo(Exact.of(c.clipNorm())) > 0) {
            // clipping shrinks to the bound, not far below it: by the nudge of 2^-22 and float rounding
            assertThat(Exact.norm(v).doubleValue()).isGreaterThanOrEqualTo(c.clipNorm() * (1 - 0x1p-20));
        }
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 6).map(kind -> {
            SplittableRandom random = new SplittableRandom(seed);
            int d = random.nextInt(1, 1_500);
            return switch (kind) {
                // values over every magnitude, clip norm anywhere between 10^-40 and the norm
                case 0 -> {
                    float[] v = new float[d];
                    for (int i = 0; i < d; i++) {
                        v[i] = Exact.spread(random, -149, 127);
                    }
                    yield new Case("spread", v, Vectors.l2Norm(v) * Math.pow(10, -random.nextDouble(0, 40)));
                }
                // every coordinate equal: the rounding of v_i·f goes the same way everywhere and adds up
                case 1 -> {
                    float[] v = new float[d];
                    Arrays.fill(v, Exact.spread(random, -20, 20));
                    yield new Case("constant", v, Vectors.l2Norm(v) * random.nextDouble(0.5, 1));
                }
                // the clip norm is the computed norm's neighbour: is the decision to clip itself safe?
                case 2 -> {
                    float[] v = new float[d];
                    Arrays.fill(v, Exact.spread(random, -20, 20));
                    for (int i = 0; i < d; i += 2) {
                        v[i] = Math.nextUp(v[i]);
                    }
                    double norm = Vectors.l2Norm(v);
                    yield new Case("at the norm", v, random.nextBoolean() ? Math.nextDown(norm) : norm);
                }
                // subnormal values and a clip norm too small for float32 to scale to
                case 3 -> {
                    float[] v = new float[d];
                    for (int i = 0; i < d; i++) {
                        v[i] = Exact.spread(random, -149, -120);
                    }
                    yield new Case("subnormal", v, Math.scalb(1.0, -random.nextInt(130, 160)));
                }
                // the largest floats: the squares need double's range
                case 4 -> {
                    float[] v = new float[d];
                    for (int i = 0; i < d; i++) {
                        v[i] = random.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
                    }
                    yield new Case("huge", v, Math.pow(10, random.nextDouble(-10, 40)));
                }
                // one coordinate carries the norm, the rest are tiny
                case 5 -> {
                    float[] v = new float[d];
                    for (int i = 0; i < d; i++) {
                        v[i] = Exact.spread(random, -60, -40);
                    }
                    v[random.nextInt(d)] = Exact.spread(random, 0, 10);
                    yield new Case("spike", v, Vectors.l2Norm(v) * random.nextDouble(0.9, 1.1));
                }
                // a clip norm that is itself a float-ish round number, as users write them
                default -> {
                    float[] v = new float[d];
                    for (int i = 0; i < d; i++) {
                        v[i] = (float) random.nextGaussian();
                    }
                    yield new Case("gaussian", v, new double[] {0.1, 0.5, 1, 3, 10}[random.nextInt(5)]);
                }
            };
        }));
    }

    /**
     * The adversarial cases are adversarial: scaling naively by (float) (clipNorm / norm) leaves the result above
     * clipNorm on a sizeable share of constant vectors, where {@link Vectors#clipInPlace} never does (above).
     */
    @Test
    void naiveScalingOvershootsClipNormWhereClippingDoesNot() {
        SplittableRandom random = new SplittableRandom(42);
        int overshoots = 0;
        for (int trial = 0; trial < 1_000; trial++) {
            float[] v = new float[random.nextInt(1, 200)];
            Arrays.fill(v, Exact.spread(random, -20, 20));
            double clipNorm = Vectors.l2Norm(v) * random.nextDouble(0.5, 1);
            float[] naive = v.clone();
            float f = (float) (clipNorm / Vectors.l2Norm(naive));
            for (int i = 0; i < naive.length; i++) {
                naive[i] *= f;
            }
            if (!Exact.normAtMost(naive, clipNorm)) {
                overshoots++;
            }
            Vectors.clipInPlace(v, clipNorm);
            assertThat(Exact.normAtMost(v, clipNorm)).isTrue();
        }
        assertThat(overshoots).isGreaterThan(100);
    }

    /** The computed norm is within (d + 2)·2^-53 of the exact one, and the upper bound is never below it. */
    @Property(tries = 500)
    void normIsAccurateAndItsUpperBoundIsSure(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2_000) int d,
                                              @ForAll boolean constant) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[d];
        float c = Exact.spread(random, -149, 127);
        for (int i = 0; i < d; i++) {
            v[i] = constant ? c : Exact.spread(random, -149, 127);
        }
        double norm = Vectors.l2Norm(v);
        BigDecimal exact = Exact.norm(v);
        assertThat(Exact.of(Vectors.normUpperBound(norm, d)).compareTo(exact)).isGreaterThanOrEqualTo(0);
        if (d > 0) {
            double relative = Exact.of(norm).subtract(exact).abs().divide(exact, Exact.WIDE).doubleValue();
            assertThat(relative).isLessThanOrEqualTo((d + 2) * 0x1p-53);
        } else {
            assertThat(norm).isZero();
        }
    }

    @Test
    void clippingScalesOnlyWhenTheNormExceedsTheBound() {
        float[] v = {3, 4};
        assertThat(Vectors.clipInPlace(v, 10)).isEqualTo(5);
        assertThat(v).containsExactly(3, 4);
        assertThat(Vectors.clipInPlace(v, 1)).isEqualTo(5);
        assertThat(v[0]).isCloseTo(0.6f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(v[1]).isCloseTo(0.8f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(v[0]).isLessThan(0.6f); // nudged below, never above
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException().isThrownBy(() -> Vectors.clipInPlace(new float[] {1}, bad));
        }
    }

    @Test
    void aClipNormBelowWhatFloat32CanReachGivesZero() {
        float[] v = {Float.MIN_VALUE, -Float.MIN_VALUE, 1};
        Vectors.clipInPlace(v, 1e-46);
        assertThat(v).containsExactly(0f, 0f, 0f);
        assertThat(Float.floatToRawIntBits(v[1])).isZero(); // +0.0, not −0.0
    }
}
