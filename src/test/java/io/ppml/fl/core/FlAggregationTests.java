package io.ppml.fl.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FedAvg, the coordinate-wise median and trimmed mean, and selection — against exact and sorting references. */
class FlAggregationTests {

    private static final double U = 0x1p-53;

    @Test
    void fedAvgWeightsEachUpdateByItsExamples() {
        List<ClientUpdate> updates = List.of(ClientUpdate.of(new float[] {1, 2, -4}, 1, 3),
                ClientUpdate.of(new float[] {4, 8, 0}, 3, 3));
        assertThat(FedAvg.aggregate(3, updates)).containsExactly(3.25f, 6.5f, -1f);
    }

    /** The result is exactly the double computation FedAvg's Javadoc defines, re-done here in the plainest loops. */
    @Property(tries = 200)
    void fedAvgIsTheDocumentedDoubleComputationBitForBit(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n,
                                                        @ForAll @IntRange(min = 1, max = 70) int d) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] xs = Exact.spreadMatrix(random, n, d, -40, 40);
        long[] examples = examples(random, n);
        double total = 0;
        for (long e : examples) {
            total += (double) e;
        }
        float[] expected = new float[d];
        for (int i = 0; i < d; i++) {
            double acc = 0;
            for (int k = 0; k < n; k++) {
                acc = acc + (double) examples[k] * (double) xs[k][i];
            }
            expected[i] = (float) (acc / total);
        }
        float[] actual = FedAvg.aggregate(d, updates(xs, examples));
        for (int i = 0; i < d; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("coordinate %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    /** Reading the average between additions changes nothing: it is the average of the updates so far. */
    @Property(tries = 100)
    void fedAvgCanBeReadAfterAnyUpdate(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = random.nextInt(1, 40);
        float[][] xs = Exact.spreadMatrix(random, n, d, -10, 10);
        long[] examples = examples(random, n);
        List<ClientUpdate> updates = updates(xs, examples);
        FedAvg streaming = new FedAvg(d);
        for (int k = 0; k < n; k++) {
            streaming.add(updates.get(k));
            if (random.nextBoolean()) {
                assertThat(streaming.result()).containsExactly(FedAvg.aggregate(d, updates.subList(0, k + 1)));
            }
        }
        assertThat(streaming.result()).containsExactly(FedAvg.aggregate(d, updates));
    }

    /**
     * Against the exact weighted average E = Σ n_k x_k / Σ n_k (BigDecimal): the double computation is within
     * B = (n + 2)·2^-53·Σ n_k|x_k| / Σ n_k of E, so the float result lies between the correctly rounded floats of
     * E − B and E + B — and is the correctly rounded E itself whenever those two agree.
     */
    @Property(tries = 200)
    void fedAvgEqualsTheExactWeightedAverageUpToItsOneRounding(@ForAll long seed,
                                                               @ForAll @IntRange(min = 1, max = 30) int n,
                                                               @ForAll @IntRange(min = 1, max = 40) int d) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] xs = Exact.spreadMatrix(random, n, d, -30, 30);
        long[] examples = examples(random, n);
        float[] actual = FedAvg.aggregate(d, updates(xs, examples));
        for (int i = 0; i < d; i++) {
            float[] range = roundingRange(xs, examples, i);
            assertThat(actual[i]).as("coordinate %d", i).isBetween(range[0], range[1]);
        }
    }

    /**
     * With updates of one sign there is no cancellation, B is a relative 10^-14, and the result is the correctly
     * rounded exact average in all but a handful of 4,000 coordinates (those within B of a rounding boundary) — which
     * shows the bound of the test above is tight, not vacuous.
     */
    @Test
    void fedAvgOfPositiveUpdatesIsTheCorrectlyRoundedExactAverage() {
        SplittableRandom random = new SplittableRandom(2018);
        int n = 64;
        int d = 4_000;
        float[][] xs = new float[n][d];
        for (float[] x : xs) {
            for (int i = 0; i < d; i++) {
                x[i] = Math.abs(Exact.spread(random, -8, 8));
            }
        }
        long[] examples = examples(random, n);
        float[] actual = FedAvg.aggregate(d, updates(xs, examples));
        int decided = 0;
        for (int i = 0; i < d; i++) {
            float[] range = roundingRange(xs, examples, i);
            if (range[0] == range[1]) {
                decided++;
                assertThat(actual[i]).as("coordinate %d", i).isEqualTo(range[0]);
            } else {
                assertThat(actual[i]).as("coordinate %d", i).isBetween(range[0], range[1]);
            }
        }
        assertThat(decided).isGreaterThan(d - 10);
    }

    /** [nearestFloat(E − B), nearestFloat(E + B)] for coordinate i, as described above. */
    private static float[] roundingRange(float[][] xs, long[] examples, int i) {
        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal absolute = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (int k = 0; k < xs.length; k++) {
            BigDecimal w = BigDecimal.valueOf(examples[k]);
            BigDecimal wx = w.multiply(new BigDecimal(xs[k][i]));
            weighted = weighted.add(wx);
            absolute = absolute.add(wx.abs());
            total = total.add(w);
        }
        BigDecimal exact = weighted.divide(total, Exact.WIDE);
        BigDecimal bound = absolute.divide(total, Exact.WIDE).multiply(new BigDecimal((xs.length + 2) * U * 1.0001));
        return new float[] {Exact.nearestFloat(exact.subtract(bound)), Exact.nearestFloat(exact.add(bound))};
    }

    @Test
    void fedAvgRefusesAnUpdateOfAnotherDimensionAndNeedsOne() {
        FedAvg fedAvg = new FedAvg(3);
        assertThatIllegalStateException().isThrownBy(fedAvg::result);
        ClientUpdate shorter = ClientUpdate.of(new float[] {1, 2}, 5, 2);
        assertThatThrownBy(() -> fedAvg.add(shorter)).isInstanceOfSatisfying(FlException.class,
                e -> assertThat(e.field()).isEqualTo("delta"));
        fedAvg.add(ClientUpdate.of(new float[] {1, 2, 3}, 5, 3));
        assertThat(fedAvg.count()).isEqualTo(1);
        assertThat(fedAvg.result()).containsExactly(1, 2, 3);
    }

    /**
     * The median and the trimmed mean, coordinate by coordinate, against sorting each coordinate's values — for up to
     * 45 clients and over several blocks of coordinates.
     */
    @Property(tries = 300)
    void robustRulesAgreeWithSortingEachCoordinate(@ForAll long seed, @ForAll @IntRange(min = 1, max = 45) int n,
                                                   @ForAll @IntRange(min = 1, max = 300) int d,
                                                   @ForAll @IntRange(min = 0, max = 49) int trimPercent,
                                                   @ForAll boolean fewDistinctValues) {
        checkRobustRulesAgainstSorting(seed, n, d, trimPercent, fewDistinctValues);
    }

    /** The same for a few hundred clients, where the sorting network has thousands of comparators. */
    @Property(tries = 30)
    void robustRulesAgreeWithSortingForManyClients(@ForAll long seed, @ForAll @IntRange(min = 46, max = 400) int n,
                                                   @ForAll @IntRange(min = 1, max = 150) int d,
                                                   @ForAll @IntRange(min = 0, max = 49) int trimPercent,
                                                   @ForAll boolean fewDistinctValues) {
        checkRobustRulesAgainstSorting(seed, n, d, trimPercent, fewDistinctValues);
    }

    private static void checkRobustRulesAgainstSorting(long seed, int n, int d, int trimPercent,
                                                       boolean fewDistinctValues) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] xs = fewDistinctValues ? new float[n][d] : Exact.spreadMatrix(random, n, d, -20, 20);
        if (fewDistinctValues) { // many ties: the partition's equal-to-pivot paths
            for (float[] x : xs) {
                for (int i = 0; i < d; i++) {
                    x[i] = random.nextInt(-2, 3);
                }
            }
        }
        double trimFraction = trimPercent / 100.0;
        List<ClientUpdate> updates = updates(xs, examples(random, n));
        float[] median = RobustAggregation.median(d, updates);
        float[] trimmed = RobustAggregation.trimmedMean(d, updates, trimFraction);
        int k = trimPercent * n / 100; // ⌊trimPercent/100 · n⌋ in integers, independent of trimCount
        for (int i = 0; i < d; i++) {
            float[] sorted = new float[n];
            for (int c = 0; c < n; c++) {
                sorted[c] = xs[c][i];
            }
            Arrays.sort(sorted);
            float expectedMedian = n % 2 == 1 ? sorted[n / 2]
                    : (float) (((double) sorted[n / 2 - 1] + sorted[n / 2]) / 2);
            assertThat(median[i]).as("median of coordinate %d", i).isEqualTo(expectedMedian);
            double sum = 0;
            for (int c = k; c < n - k; c++) {
                sum += sorted[c]; // ascending, as documented
            }
            assertThat(trimmed[i]).as("trimmed mean of coordinate %d", i).isEqualTo((float) (sum / (n - 2 * k)));
        }
    }

    /**
     * One client of ten sends ±10^30 in every coordinate (the sign alternating); the median and the 10 % trimmed mean
     * stay within the nine honest clients' range, coordinate by coordinate, while FedAvg is dragged to the attacker.
     */
    @Test
    void medianAndTrimmedMeanIgnoreAPoisonedClient() {
        SplittableRandom random = new SplittableRandom(17);
        int d = 1_000;
        List<ClientUpdate> updates = new ArrayList<>();
        float[] low = new float[d];
        float[] high = new float[d];
        Arrays.fill(low, Float.POSITIVE_INFINITY);
        Arrays.fill(high, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < 9; c++) {
            float[] honest = new float[d];
            for (int i = 0; i < d; i++) {
                honest[i] = (float) random.nextDouble(-1, 1);
                low[i] = Math.min(low[i], honest[i]);
                high[i] = Math.max(high[i], honest[i]);
            }
            updates.add(ClientUpdate.of(honest, 100, d));
        }
        float[] poison = new float[d];
        for (int i = 0; i < d; i++) {
            poison[i] = i % 2 == 0 ? 1e30f : -1e30f;
        }
        updates.add(4, ClientUpdate.of(poison, 100, d));

        float[] median = Aggregator.aggregate(AggregationSettings.median(), d, updates, null);
        float[] trimmed = Aggregator.aggregate(AggregationSettings.trimmedMean(0.1), d, updates, null);
        float[] fedAvg = Aggregator.aggregate(AggregationSettings.fedAvg(), d, updates, null);
        for (int i = 0; i < d; i++) {
            assertThat(median[i]).as("median %d", i).isBetween(low[i], high[i]);
            assertThat(trimmed[i]).as("trimmed mean %d", i).isBetween(low[i], high[i]);
            assertThat(Math.abs(fedAvg[i])).as("FedAvg %d", i).isGreaterThan(1e28f);
        }
    }

    @Test
    void trimCountIsTheFloorOfTheFractionAsWrittenAndNeverTrimsEverything() {
        assertThat(RobustAggregation.trimCount(10, 0.1)).isEqualTo(1);
        // the double nearest 0.3 is 0.2999999999999999888…; the request meant 0.3, and 0.3 of 10 is 3
        assertThat(RobustAggregation.trimCount(10, 0.3)).isEqualTo(3);
        assertThat(RobustAggregation.trimCount(9, 0.25)).isEqualTo(2);
        assertThat(RobustAggregation.trimCount(1, 0.49)).isZero();
        assertThat(RobustAggregation.trimCount(7, 0)).isZero();
        double justBelowHalf = Math.nextDown(0.5); // 0.49999999999999994
        assertThat(RobustAggregation.trimCount(4, justBelowHalf)).isEqualTo(1);
        assertThat(RobustAggregation.trimCount(Integer.MAX_VALUE, justBelowHalf)).isLessThan(Integer.MAX_VALUE / 2 + 1);
        for (double bad : new double[] {0.5, -0.1, Double.NaN, 1}) {
            assertThatThrownBy(() -> RobustAggregation.trimCount(10, bad)).isInstanceOfSatisfying(FlException.class,
                    e -> assertThat(e.field()).isEqualTo("trimFraction"));
        }
    }

    @Property(tries = 200)
    void trimmingLeavesAtLeastOneValue(@ForAll @IntRange(min = 1, max = 100_000) int n, @ForAll long bits) {
        // a fraction anywhere in [0, 0.5), including the doubles just below 0.5
        double f = Math.nextDown(0.5) - Math.abs(bits % 1_000_000) * Math.ulp(0.25) * ((bits & 1) == 0 ? 1 : 1e9);
        f = Math.max(0, f);
        int k = RobustAggregation.trimCount(n, f);
        assertThat(n - 2L * k).isGreaterThanOrEqualTo(1);
    }

    @Test
    void robustRulesNeedAnUpdateOfTheTasksDimension() {
        assertThatIllegalArgumentException().isThrownBy(() -> RobustAggregation.median(3, List.of()));
        List<ClientUpdate> wrong = List.of(ClientUpdate.of(new float[] {1, 2}, 1, 2));
        assertThatThrownBy(() -> RobustAggregation.trimmedMean(3, wrong, 0.1)).isInstanceOf(FlException.class);
    }

    /** The result depends on each coordinate's values only: shuffling the clients changes no bit. */
    @Property(tries = 100)
    void robustRulesIgnoreTheOrderOfTheClients(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int n) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = random.nextInt(1, 200);
        List<ClientUpdate> updates = updates(Exact.spreadMatrix(random, n, d, -30, 30), examples(random, n));
        List<ClientUpdate> shuffled = new ArrayList<>(updates);
        for (int k = n - 1; k > 0; k--) {
            Collections.swap(shuffled, k, random.nextInt(k + 1));
        }
        double trimFraction = random.nextDouble(0, 0.5);
        assertThat(RobustAggregation.median(d, shuffled)).containsExactly(RobustAggregation.median(d, updates));
        assertThat(RobustAggregation.trimmedMean(d, shuffled, trimFraction))
                .containsExactly(RobustAggregation.trimmedMean(d, updates, trimFraction));
    }

    /**
     * Knuth's zero-one principle (TAOCP vol. 3, §5.3.4, Theorem Z): a comparator network sorts every input if it sorts
     * every input of zeros and ones — checked exhaustively for up to 16 values, so the full network is a sorting
     * network for those sizes, and its pruned forms keep the ranks they promise.
     */
    @Test
    void theSortingNetworkSortsEveryZeroOneInput() {
        for (int n = 1; n <= 16; n++) {
            SortingNetwork full = SortingNetwork.forRanks(n, 0, n);
            SortingNetwork middle = SortingNetwork.forRanks(n, (n - 1) / 2, n / 2 + 1);
            assertThat(middle.comparators()).isLessThanOrEqualTo(full.comparators());
            float[][] rows = new float[n][1];
            for (int bits = 0; bits < 1 << n; bits++) {
                int ones = Integer.bitCount(bits);
                for (SortingNetwork network : new SortingNetwork[] {full, middle}) {
                    for (int r = 0; r < n; r++) {
                        rows[r][0] = bits >> r & 1;
                    }
                    network.sortLanes(rows, 1);
                    int from = network == full ? 0 : (n - 1) / 2;
                    int to = network == full ? n : n / 2 + 1;
                    for (int r = from; r < to; r++) {
                        assertThat(rows[r][0]).as("n=%d input=%s rank %d", n, Integer.toBinaryString(bits), r)
                                .isEqualTo(r < n - ones ? 0f : 1f);
                    }
                }
            }
        }
        // Batcher's count for 16 values: (p² − p + 4)·2^(p−2) − 1 = 63 comparators for p = 4 (Knuth, §5.3.4)
        assertThat(SortingNetwork.forRanks(16, 0, 16).comparators()).isEqualTo(63);
    }

    @Test
    void aggregatorAppliesTheTasksRule() {
        List<ClientUpdate> updates = List.of(ClientUpdate.of(new float[] {0}, 1, 1),
                ClientUpdate.of(new float[] {1}, 1, 1), ClientUpdate.of(new float[] {2}, 1, 1),
                ClientUpdate.of(new float[] {100}, 7, 1));
        assertThat(Aggregator.aggregate(AggregationSettings.fedAvg(), 1, updates, null)).containsExactly(70.3f);
        assertThat(Aggregator.aggregate(AggregationSettings.median(), 1, updates, null)).containsExactly(1.5f);
        assertThat(Aggregator.aggregate(AggregationSettings.trimmedMean(0.25), 1, updates, null))
                .containsExactly(1.5f);
        assertThat(Aggregator.aggregate(AggregationSettings.trimmedMean(0), 1, updates, null)).containsExactly(25.75f);
        DpSettings dp = DpSettings.withoutSampling(1, 1, 4, 1e-6);
        assertThatIllegalArgumentException().isThrownBy(
                () -> Aggregator.aggregate(AggregationSettings.dpFedAvg(dp), 1, updates, null));
    }

    static long[] examples(SplittableRandom random, int n) {
        long[] examples = new long[n];
        for (int k = 0; k < n; k++) {
            examples[k] = random.nextBoolean() ? random.nextLong(1, 1_000) : random.nextLong(1, 1L << 40);
        }
        return examples;
    }

    static List<ClientUpdate> updates(float[][] xs, long[] examples) {
        List<ClientUpdate> updates = new ArrayList<>();
        for (int k = 0; k < xs.length; k++) {
            updates.add(ClientUpdate.of(xs[k], examples[k], xs[k].length));
        }
        return updates;
    }
}
