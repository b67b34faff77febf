package io.ppml.dp.core;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Empirical coverage of the confidence intervals. Each check releases M = 2,000 times at level 0.9; a sound interval
 * misses the truth with probability at most 0.1 per release, so the number of misses is stochastically at most
 * Binomial(2000, 0.1), and the check fails when it exceeds that distribution's (1 − 1e-6) quantile — a false-failure
 * rate of at most 1e-6 per check (6 checks: at most 6e-6).
 */
class DpConfidenceCoverageTests {

    private static final int M = 2_000;
    private static final double LEVEL = 0.9;
    private static final int CRITICAL_MISSES =
            new BinomialDistribution(null, M, 1 - LEVEL).inverseCumulativeProbability(1 - 1e-6);

    private static final double[] VALUES = {1.5, 2.0, 7.25, 3.0, 9.5, 0.0, 4.0, 6.5, 8.0, 2.5, 5.0, 5.5, 1.0, 9.0, 3.5,
            4.5, 7.0, 6.0, 8.5, 0.5};

    @Test
    void countIntervalsCoverTheTruth() {
        assertCoverage(() -> StatisticQuery.builder(Statistic.COUNT, 0.5).values(VALUES), VALUES.length);
        assertCoverage(() -> StatisticQuery.builder(Statistic.COUNT, 0.5).values(VALUES)
                .mechanism(MechanismKind.GAUSSIAN).delta(1e-6), VALUES.length);
    }

    @Test
    void sumAndMeanIntervalsCoverTheTruth() {
        double sum = Arrays.stream(VALUES).sum();
        assertCoverage(() -> StatisticQuery.builder(Statistic.SUM, 0.5).values(VALUES).bounds(0.0, 10.0), sum);
        assertCoverage(() -> StatisticQuery.builder(Statistic.MEAN, 1).values(VALUES).bounds(0.0, 10.0),
                sum / VALUES.length);
    }

    @Test
    void varianceAndQuantileIntervalsCoverTheTruth() {
        double mean = Arrays.stream(VALUES).average().orElseThrow();
        double variance = Arrays.stream(VALUES).map(v -> (v - mean) * (v - mean)).sum() / VALUES.length;
        assertCoverage(() -> StatisticQuery.builder(Statistic.VARIANCE, 5).values(VALUES).bounds(0.0, 10.0), variance);
        double[] sorted = VALUES.clone();
        Arrays.sort(sorted);
        double median = sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
        int misses = 0;
        for (int i = 0; i < M; i++) {
            StatisticResult r = DpStatistics.prepare(StatisticQuery.builder(Statistic.QUANTILES, 1).values(VALUES)
                    .bounds(0.0, 10.0).quantiles(0.5).confidenceLevel(LEVEL).build()).release();
            ConfidenceInterval ci = r.intervals().get(0);
            if (median < ci.lower() || median > ci.upper()) {
                misses++;
            }
        }
        assertThat(misses).as("misses of %d median intervals (critical %d)", M, CRITICAL_MISSES)
                .isLessThanOrEqualTo(CRITICAL_MISSES);
    }

    private static void assertCoverage(Supplier<StatisticQuery.Builder> query, double truth) {
        int misses = 0;
        for (int i = 0; i < M; i++) {
            StatisticResult r = DpStatistics.prepare(query.get().confidenceLevel(LEVEL).build()).release();
            if (truth < r.confidenceInterval().lower() || truth > r.confidenceInterval().upper()) {
                misses++;
            }
            assertThat(r.intervals()).isEqualTo(List.of());
        }
        assertThat(misses).as("misses of %d intervals (critical %d)", M, CRITICAL_MISSES)
                .isLessThanOrEqualTo(CRITICAL_MISSES);
    }
}
