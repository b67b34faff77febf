package io.ppml.dp.core;

import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An empirical differential-privacy check in the style of Google's differential-privacy library
 * ({@code StatisticalTestsUtil.verifyApproximateDp}): release a statistic N times on each of two neighbouring
 * datasets, bucket the outputs, and check P̂(b | D₁) ≤ e^ε·P̂(b | D₂) + δ + τ and the reverse for every bucket b.
 *
 * <p>Tolerance and false-failure rate: with K buckets (tails included), Hoeffding gives
 * P(|P̂(b) − P(b)| &gt; t) ≤ 2e^(−2Nt²) for each of the 2K estimates, so all are within t with probability at least
 * 1 − 4K·e^(−2Nt²); t = √(ln(4K/α)/(2N)) makes that 1 − α. When they are, a mechanism that really is (ε, δ)-DP
 * satisfies P̂₁ − e^ε·P̂₂ ≤ (P₁ + t) − e^ε·(P₂ − t) ≤ δ + t·(1 + e^ε) = δ + τ. We use α = 1e-6 per check (four
 * passing checks: false-failure rate ≤ 4e-6). The deliberately broken mechanisms (noise scale Δ/(10ε) and Δ/(2ε),
 * i.e. really 10ε- and 2ε-DP) violate the inequality by far more than τ in the buckets next to the true value (for
 * Δ/(2ε) at ε = 1: 0.43 against e·0.059 + 0.036 = 0.19), so the check must fail for them.
 */
class DpEmpiricalPrivacyTests {

    private static final int N = 100_000;
    private static final double ALPHA = 1e-6;
    private static final double EPSILON = 1.0;

    /** COUNT of 10 rows against 11 rows. */
    @Test
    void countIsEpsilonDp() {
        assertThat(approximatelyDp(() -> count(10, MechanismKind.LAPLACE, 0), () -> count(11, MechanismKind.LAPLACE, 0),
                10, EPSILON, 0)).isTrue();
    }

    /** SUM over [0, 1] of ten 0.5's against the same plus one person at the upper bound: sums 5 and 6. */
    @Test
    void sumIsEpsilonDp() {
        assertThat(approximatelyDp(() -> sum(10), () -> sum(11), 5, EPSILON, 0)).isTrue();
    }

    @Test
    void gaussianCountIsEpsilonDeltaDp() {
        double delta = 1e-5;
        assertThat(approximatelyDp(() -> count(10, MechanismKind.GAUSSIAN, delta),
                () -> count(11, MechanismKind.GAUSSIAN, delta), 10, EPSILON, delta)).isTrue();
    }

    /** The same check on the Laplace mechanism with too little noise fails — the test can detect a violation. */
    @Test
    void detectsMechanismsWithTooLittleNoise() {
        for (double factor : new double[]{10, 2}) {
            LaplaceMechanism broken = LaplaceMechanism.calibrate(1, factor * EPSILON, 1);
            assertThat(approximatelyDp(() -> broken.addNoise(10), () -> broken.addNoise(11), 10, EPSILON, 0))
                    .as("scale Δ/(%sε) must be caught", factor).isFalse();
        }
        // and a correct mechanism passes the very same code path
        LaplaceMechanism right = LaplaceMechanism.calibrate(1, EPSILON, 1);
        assertThat(approximatelyDp(() -> right.addNoise(10), () -> right.addNoise(11), 10, EPSILON, 0)).isTrue();
    }

    private static double count(int rows, MechanismKind kind, double delta) {
        return (Double) DpStatistics.prepare(StatisticQuery.builder(Statistic.COUNT, EPSILON).values(new double[rows])
                .mechanism(kind).delta(delta).build()).release().result();
    }

    private static double sum(int rows) {
        double[] values = new double[rows];
        java.util.Arrays.fill(values, 0, 10, 0.5);
        if (rows > 10) {
            values[10] = 1.0;
        }
        return (Double) DpStatistics.prepare(StatisticQuery.builder(Statistic.SUM, EPSILON).values(values)
                .bounds(0.0, 1.0).build()).release().result();
    }

    /**
     * Buckets of width 1 from centre − 10 to centre + 11, plus one tail bucket on each side (K = 23), N releases per
     * dataset; see the class comment for τ.
     */
    static boolean approximatelyDp(DoubleSupplier first, DoubleSupplier second, double centre, double epsilon,
                                   double delta) {
        int inner = 21;
        int buckets = inner + 2;
        long[] c1 = histogram(first, centre, inner);
        long[] c2 = histogram(second, centre, inner);
        double t = Math.sqrt(Math.log(4.0 * buckets / ALPHA) / (2.0 * N));
        double tolerance = t * (1 + Math.exp(epsilon));
        for (int b = 0; b < buckets; b++) {
            double p1 = (double) c1[b] / N;
            double p2 = (double) c2[b] / N;
            if (p1 > Math.exp(epsilon) * p2 + delta + tolerance || p2 > Math.exp(epsilon) * p1 + delta + tolerance) {
                return false;
            }
        }
        return true;
    }

    private static long[] histogram(DoubleSupplier release, double centre, int inner) {
        long[] counts = new long[inner + 2];
        double start = centre - 10;
        for (int i = 0; i < N; i++) {
            double x = release.getAsDouble();
            int b = x < start ? 0 : x >= start + inner ? inner + 1 : 1 + (int) Math.floor(x - start);
            counts[b]++;
        }
        return counts;
    }
}
