package io.ppml.fl.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * DP-FedAvg's clipping, fixed denominator and hand-over to the noise. The noise here is a deterministic test double
 * ({@link RecordingNoise}) that adds nothing and records what it was given: these tests check the aggregation around
 * the mechanism, not the mechanism, which is the DP module's and tested there.
 */
class FlDpFedAvgTests {

    /** Not noise: returns the values rounded to float and remembers the call. */
    static final class RecordingNoise implements GaussianVectorNoise {
        double[] values = new double[0];
        double l2Sensitivity;
        double noiseMultiplier;
        int calls;

        @Override
        public float[] release(double[] values, double l2Sensitivity, double noiseMultiplier) {
            this.values = values.clone();
            this.l2Sensitivity = l2Sensitivity;
            this.noiseMultiplier = noiseMultiplier;
            calls++;
            float[] out = new float[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }
    }

    @Test
    void clipsEachUpdateAndDividesByTheExpectedClientsNotByTheUpdatesReceived() {
        DpSettings settings = DpSettings.withoutSampling(1.0, 1.3, 10, 1e-6);
        float[] big = {30, 40}; // norm 50: clipped to (0.6, 0.8)
        float[] small = {0.3f, 0}; // norm 0.3: kept
        float[] negative = {0, -2}; // norm 2: clipped to (0, -1)
        List<ClientUpdate> updates = List.of(ClientUpdate.of(big, 5, 2), ClientUpdate.of(small, 1_000_000, 2),
                ClientUpdate.of(negative, 1, 2));
        RecordingNoise noise = new RecordingNoise();
        float[] out = Aggregator.aggregate(AggregationSettings.dpFedAvg(settings), 2, updates, noise);

        // (0.6 + 0.3 + 0) / 10 and (0.8 + 0 − 1) / 10, whatever numExamples said; three updates, denominator ten
        assertThat(out[0]).isCloseTo(0.09f, within(1e-7f));
        assertThat(out[1]).isCloseTo(-0.02f, within(1e-7f));
        assertThat(noise.calls).isEqualTo(1);
        assertThat(noise.noiseMultiplier).isEqualTo(1.3);
        assertThat(noise.l2Sensitivity).isEqualTo(settings.l2Sensitivity());
        assertThat(noise.l2Sensitivity).isBetween(0.1, 0.1 * (1 + 0x1p-18));
        assertThat(big).containsExactly(30, 40); // the updates are not changed
        assertThat(negative).containsExactly(0, -2);
    }

    /**
     * With one expected client and a noise that adds nothing, the release is the clipped update itself: its exact norm
     * (BigDecimal) is at most clipNorm — the bound DP-FedAvg's sensitivity rests on — and a small update passes as is.
     */
    @Property(tries = 300)
    void eachContributionIsClippedToClipNorm(@ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int d) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[d];
        boolean constant = random.nextBoolean(); // equal coordinates make rounding errors add up
        float c = Exact.spread(random, -30, 30);
        for (int i = 0; i < d; i++) {
            x[i] = constant ? c : Exact.spread(random, -30, 30);
        }
        double clipNorm = Vectors.l2Norm(x) * Math.pow(10, random.nextDouble(-3, 1));
        DpSettings settings = DpSettings.withoutSampling(clipNorm, 1, 1, 1e-5);
        float[] out = DpFedAvg.aggregate(settings, d, List.of(ClientUpdate.of(x.clone(), 1, d)), new RecordingNoise());
        assertThat(Exact.normAtMost(out, clipNorm)).isTrue();
        float[] clipped = x.clone();
        Vectors.clipInPlace(clipped, clipNorm);
        assertThat(out).containsExactly(clipped); // the same clipping as Vectors, bit for bit
    }

    /**
     * The released average is the exact sum of the clipped updates x·f (f from {@link Vectors#clipFactor}) over m, to
     * within the documented rounding of the double sum.
     */
    @Property(tries = 100)
    void releaseIsTheSumOfClippedUpdatesOverExpectedClients(@ForAll long seed,
                                                            @ForAll @IntRange(min = 0, max = 40) int n,
                                                            @ForAll @IntRange(min = 1, max = 100) int m) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = random.nextInt(1, 60);
        double clipNorm = Math.pow(10, random.nextDouble(-2, 2));
        DpFedAvg round = new DpFedAvg(DpSettings.withoutSampling(clipNorm, 0.8, m, 1e-6), d);
        BigDecimal[] exact = new BigDecimal[d];
        java.util.Arrays.fill(exact, BigDecimal.ZERO);
        List<BigDecimal[]> clippedUpdates = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] x = new float[d];
            for (int i = 0; i < d; i++) {
                x[i] = Exact.spread(random, -10, 5);
            }
            round.add(ClientUpdate.of(x.clone(), 1 + random.nextInt(1000), d));
            BigDecimal f = new BigDecimal(Vectors.clipFactor(Vectors.l2Norm(x), clipNorm, d));
            BigDecimal[] clipped = new BigDecimal[d];
            for (int i = 0; i < d; i++) {
                clipped[i] = new BigDecimal(x[i]).multiply(f);
                exact[i] = exact[i].add(clipped[i]);
            }
            clippedUpdates.add(clipped);
        }
        assertThat(round.count()).isEqualTo(n);
        RecordingNoise noise = new RecordingNoise();
        round.release(noise);
        for (int i = 0; i < d; i++) {
            BigDecimal absolute = BigDecimal.ZERO;
            for (BigDecimal[] y : clippedUpdates) {
                absolute = absolute.add(y[i].abs());
            }
            BigDecimal expected = exact[i].divide(BigDecimal.valueOf(m), Exact.WIDE);
            BigDecimal error = Exact.of(noise.values[i]).subtract(expected).abs();
            BigDecimal bound = absolute.divide(BigDecimal.valueOf(m), Exact.WIDE)
                    .multiply(Exact.of((n + 1) * 0x1p-53 * 1.0001));
            assertThat(error).isLessThanOrEqualTo(bound);
        }
    }

    /**
     * The released sum is, bit for bit, the clipped updates x·f added one after another in arrival order and divided
     * by m — whether an update is within the bound, clipped with a factor that is a normal float, or clipped with one
     * far below float's range (huge updates against a small clip norm), and however the four-at-a-time grouping
     * falls — and each clipped update x·f has exact norm ≤ clipNorm.
     */
    @Property(tries = 200)
    void releaseIsTheClippedUpdatesAddedInArrivalOrder(@ForAll long seed, @ForAll @IntRange(min = 0, max = 23) int n) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = random.nextInt(1, 50);
        int m = random.nextInt(1, 30);
        double clipNorm = 1e-10 * random.nextDouble(0.5, 2);
        DpFedAvg round = new DpFedAvg(DpSettings.withoutSampling(clipNorm, 1, m, 1e-6), d);
        double[] expected = new double[d];
        BigDecimal clipSquared = Exact.of(clipNorm).multiply(Exact.of(clipNorm));
        for (int k = 0; k < n; k++) {
            int kind = random.nextInt(3); // 0: within the bound, 1: factor a normal float, 2: below float's range
            float[] x = new float[d];
            for (int i = 0; i < d; i++) {
                x[i] = kind == 0 ? Exact.spread(random, -50, -45) // norm below 10^-12
                        : kind == 1 ? Exact.spread(random, -30, 0) : Exact.spread(random, 100, 115); // ≥ 10^30
            }
            double norm = Vectors.l2Norm(x);
            assertThat(round.add(ClientUpdate.of(x.clone(), 1, d))).isEqualTo(norm);
            double f = Vectors.clipFactor(norm, clipNorm, d);
            assertThat(f == 1).isEqualTo(kind == 0);
            assertThat(f < Float.MIN_NORMAL).isEqualTo(kind == 2);
            assertThat(Exact.normSquared(x).multiply(Exact.of(f).pow(2)).compareTo(clipSquared))
                    .isLessThanOrEqualTo(0);
            for (int i = 0; i < d; i++) {
                expected[i] += x[i] * f;
            }
        }
        RecordingNoise noise = new RecordingNoise();
        round.release(noise);
        for (int i = 0; i < d; i++) {
            assertThat(noise.values[i]).as("coordinate %d", i).isEqualTo(expected[i] / m);
        }
    }

    @Test
    void aRoundIsReleasedOnceAndTakesNothingAfterwards() {
        DpFedAvg round = new DpFedAvg(DpSettings.withoutSampling(1, 1, 2, 1e-6), 1);
        round.add(ClientUpdate.of(new float[] {0.5f}, 1, 1));
        RecordingNoise noise = new RecordingNoise();
        assertThat(round.release(noise)).containsExactly(0.25f);
        assertThatIllegalStateException().isThrownBy(() -> round.release(noise));
        assertThatIllegalStateException().isThrownBy(() -> round.add(ClientUpdate.of(new float[] {1}, 1, 1)));
        assertThat(noise.calls).isEqualTo(1);
    }

    @Test
    void aRoundWithoutUpdatesReleasesNoiseAlone() {
        RecordingNoise noise = new RecordingNoise();
        float[] out = DpFedAvg.aggregate(DpSettings.withoutSampling(1, 1, 5, 1e-6), 3, List.of(), noise);
        assertThat(out).containsExactly(0, 0, 0);
        assertThat(noise.calls).isEqualTo(1);
    }

    @Test
    void aNoiseThatReturnsTheWrongShapeIsABug() {
        DpSettings settings = DpSettings.withoutSampling(1, 1, 1, 1e-6);
        List<ClientUpdate> one = List.of(ClientUpdate.of(new float[] {1, 2}, 1, 2));
        assertThatIllegalStateException().isThrownBy(
                () -> DpFedAvg.aggregate(settings, 2, one, (v, s, z) -> new float[1]));
        assertThatIllegalStateException().isThrownBy(
                () -> DpFedAvg.aggregate(settings, 2, one, (v, s, z) -> new float[] {0, Float.NaN}));
    }
}
