package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.ppml.budget.core.ZcdpConversion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Statistics: validation, the two-phase API, budget totals, clamping and accuracy. Accuracy assertions use a
 * confidence level of 1 − 1e-6, so each "the interval contains the truth" assertion has a false-failure rate of at
 * most 1e-6 (the intervals are sound). Intervals of one QUANTILES, HISTOGRAM or noise release hold simultaneously, so
 * they are one event; the class has 10 such events, at most 1e-5 in all. Other assertions are deterministic or
 * implied by the same events (stated where used).
 */
class DpStatisticsTests {

    private static final double LEVEL = 1 - 1e-6;

    private static StatisticQuery.Builder query(Statistic statistic) {
        return StatisticQuery.builder(statistic, 1.0);
    }

    private static void assertRejected(StatisticQuery query, String field) {
        assertThatThrownBy(() -> DpStatistics.prepare(query, 1000))
                .isInstanceOf(DpQueryException.class)
                .extracting(e -> ((DpQueryException) e).field()).isEqualTo(field);
    }

    @Test
    void rejectsEveryInvalidQueryNamingTheField() {
        double[] ok = {1, 2, 3};
        assertRejected(new StatisticQuery(null, ok, null, null, null, null, null, null, 1, 0, null, 0.95, 1), "statistic");
        assertRejected(StatisticQuery.builder(Statistic.COUNT, Double.NaN).values(ok).build(), "epsilon");
        assertRejected(StatisticQuery.builder(Statistic.COUNT, Double.POSITIVE_INFINITY).values(ok).build(), "epsilon");
        assertRejected(StatisticQuery.builder(Statistic.COUNT, 0x1p-51).values(ok).build(), "epsilon");
        assertRejected(StatisticQuery.builder(Statistic.COUNT, 10.5).values(ok).build(), "epsilon");
        assertRejected(StatisticQuery.builder(Statistic.COUNT, 0).values(ok).build(), "epsilon");
        assertRejected(query(Statistic.COUNT).values(ok).delta(1e-6).build(), "delta");
        assertRejected(query(Statistic.COUNT).values(ok).mechanism(MechanismKind.GAUSSIAN).build(), "delta");
        assertRejected(query(Statistic.COUNT).values(ok).mechanism(MechanismKind.GAUSSIAN).delta(1).build(), "delta");
        assertRejected(query(Statistic.COUNT).values(ok).mechanism(MechanismKind.GAUSSIAN).delta(-1e-9).build(), "delta");
        assertRejected(query(Statistic.COUNT).values(ok).confidenceLevel(1).build(), "confidenceLevel");
        assertRejected(query(Statistic.COUNT).values(ok).confidenceLevel(0).build(), "confidenceLevel");
        assertRejected(query(Statistic.COUNT).values(ok).contributionsPerUnit(0).build(), "contributionsPerUnit");
        assertRejected(query(Statistic.COUNT).values(new double[1001]).build(), "values");
        assertRejected(query(Statistic.COUNT).values(1, Double.NaN).build(), "values[1]");
        for (Statistic s : List.of(Statistic.SUM, Statistic.MEAN, Statistic.VARIANCE, Statistic.STDDEV)) {
            assertRejected(query(s).values(1, 2, Double.POSITIVE_INFINITY).bounds(0.0, 1.0).build(), "values[2]");
            assertRejected(query(s).values(ok).bounds(null, 1.0).build(), "lower");
            assertRejected(query(s).values(ok).bounds(0.0, null).build(), "upper");
            assertRejected(query(s).values(ok).bounds(Double.NEGATIVE_INFINITY, 1.0).build(), "lower");
            assertRejected(query(s).values(ok).bounds(0.0, Double.NaN).build(), "upper");
            assertRejected(query(s).values(ok).bounds(2.0, 1.0).build(), "upper");
        }
        assertRejected(query(Statistic.QUANTILES).values(ok).quantiles(0.5).bounds(null, 1.0).build(), "lower");
        for (Statistic s : List.of(Statistic.MEAN, Statistic.VARIANCE, Statistic.STDDEV)) {
            assertRejected(query(s).bounds(0.0, 1.0).build(), "values");
        }
        assertRejected(query(Statistic.QUANTILES).bounds(0.0, 1.0).quantiles(0.5).build(), "values");
        assertRejected(query(Statistic.QUANTILES).values(ok).bounds(0.0, 1.0).build(), "quantiles");
        assertRejected(query(Statistic.QUANTILES).values(ok).bounds(0.0, 1.0).quantiles(0.5, 1.5).build(), "quantiles[1]");
        assertRejected(query(Statistic.QUANTILES).values(ok).bounds(0.0, 1.0).quantiles(Double.NaN).build(), "quantiles[0]");
        assertRejected(query(Statistic.HISTOGRAM).values(ok).build(), "categories");
        assertRejected(query(Statistic.HISTOGRAM).categories(List.of()).categoricalValues(List.of("a")).build(),
                "categoricalValues");
        assertRejected(query(Statistic.HISTOGRAM).categories(List.of("a", "b", "a")).build(), "categories[2]");
        assertRejected(query(Statistic.HISTOGRAM).categories(List.of("a")).bins(0, 1).build(), "bins");
        assertRejected(query(Statistic.HISTOGRAM).values(ok).bins(0).build(), "bins");
        assertRejected(query(Statistic.HISTOGRAM).values(ok).bins(0, 2, 1).build(), "bins[2]");
        assertRejected(query(Statistic.HISTOGRAM).values(ok).bins(0, 1, 1).build(), "bins[2]");
        assertRejected(query(Statistic.HISTOGRAM).values(ok).bins(0, Double.NaN).build(), "bins[1]");
        assertRejected(query(Statistic.HISTOGRAM).values(1, Double.NaN).bins(0, 1).build(), "values[1]");
        assertRejected(query(Statistic.COUNT).values(ok).categoricalValues(List.of("x")).build(), "categoricalValues");
        assertRejected(query(Statistic.SUM).values(ok).bounds(0.0, 1.0).categoricalValues(List.of("x")).build(),
                "categoricalValues");
        assertThatThrownBy(() -> DpStatistics.noise(ok, 0, 1, 0, MechanismKind.LAPLACE, 0.95))
                .isInstanceOf(DpQueryException.class).extracting(e -> ((DpQueryException) e).field()).isEqualTo("sensitivity");
        assertThatThrownBy(() -> DpStatistics.noise(new double[0], 1, 1, 0, MechanismKind.LAPLACE, 0.95))
                .isInstanceOf(DpQueryException.class).extracting(e -> ((DpQueryException) e).field()).isEqualTo("values");
        assertThatThrownBy(() -> DpStatistics.noise(ok, 1, 20, 0, MechanismKind.LAPLACE, 0.95))
                .isInstanceOf(DpQueryException.class).extracting(e -> ((DpQueryException) e).field()).isEqualTo("epsilon");
    }

    @Test
    void releasesExactlyOnceAndChargesTheRequestedBudget() {
        PreparedRelease prepared = DpStatistics.prepare(query(Statistic.VARIANCE).values(1, 2, 3).bounds(0.0, 4.0).build());
        assertThat(prepared.totalLoss().epsilon()).isLessThanOrEqualTo(1.0).isCloseTo(1.0, within(1e-15));
        assertThat(prepared.totalLoss().delta()).isZero();
        assertThat(prepared.totalLoss().rho()).isZero();
        assertThat(prepared.mechanisms()).hasSize(3).allMatch(line -> line.contains("LAPLACE"));
        assertThat(prepared.toString()).doesNotContain("2.0");
        StatisticResult result = prepared.release();
        assertThat(result.loss()).isEqualTo(prepared.totalLoss());
        assertThatThrownBy(prepared::release).isInstanceOf(IllegalStateException.class);

        PreparedRelease gaussian = DpStatistics.prepare(query(Statistic.MEAN).values(1, 2, 3).bounds(0.0, 4.0)
                .mechanism(MechanismKind.GAUSSIAN).delta(1e-6).build());
        PrivacyLoss loss = gaussian.totalLoss();
        double target = ZcdpConversion.rhoFor(1, 1e-6);
        assertThat(loss.rho()).isLessThanOrEqualTo(target).isCloseTo(target, within(1e-6 * target));
        assertThat(loss.epsilon()).isEqualTo(1.0);
        assertThat(loss.delta()).isEqualTo(1e-6);
        assertThat(ZcdpConversion.epsilon(loss.rho(), 1e-6)).isLessThanOrEqualTo(1.0 + 1e-12);
        assertThat(gaussian.release().mechanism()).isEqualTo(MechanismKind.GAUSSIAN);
    }

    /** Values outside [lower, upper] count as the bound; sum of clamp(−5, 0, 7, 20) on [0, 10] is 17. */
    @Test
    void clampsValuesToTheBounds() {
        StatisticResult sum = DpStatistics.prepare(StatisticQuery.builder(Statistic.SUM, 10).values(-5, 0, 7, 20)
                .bounds(0.0, 10.0).confidenceLevel(LEVEL).build()).release();
        assertThat(sum.sensitivity()).isGreaterThanOrEqualTo(10).isCloseTo(10, within(1e-6));
        assertContains(sum.confidenceInterval(), 17);
        StatisticResult mean = DpStatistics.prepare(StatisticQuery.builder(Statistic.MEAN, 10).values(-5, 0, 7, 20)
                .bounds(0.0, 10.0).confidenceLevel(LEVEL).build()).release();
        assertThat((Double) mean.result()).isBetween(0.0, 10.0);
        assertContains(mean.confidenceInterval(), 17 / 4.0);
    }

    @Test
    void meanVarianceAndStddevOfALargeDatasetAreAccurate() {
        double[] values = IntStream.range(0, 100_000).mapToDouble(i -> (i % 1000) / 10.0).toArray();
        double mean = Arrays.stream(values).average().orElseThrow();
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
        for (Statistic s : List.of(Statistic.MEAN, Statistic.VARIANCE, Statistic.STDDEV)) {
            StatisticResult r = DpStatistics.prepare(StatisticQuery.builder(s, 1).values(values).bounds(0.0, 100.0)
                    .confidenceLevel(LEVEL).build()).release();
            double truth = s == Statistic.MEAN ? mean : s == Statistic.VARIANCE ? variance : Math.sqrt(variance);
            assertContains(r.confidenceInterval(), truth);
            // implied by the same event: the interval is narrow at n = 100,000, ε = 1
            assertThat(r.confidenceInterval().upper() - r.confidenceInterval().lower()).isLessThan(0.02 * truth);
        }
    }

    /**
     * 100,000 values evenly over [0, 100), ε = 10: with all 256 bucket noises within their simultaneous bound of
     * about 0.1·ln(2·256/1e-6) ≈ 1.95 (the same 1e-6 event as the intervals), every cumulative count and the total are
     * off by at most 256 × 1.95 ≈ 500, so the rank p·T̃ is found at most ~1,000 rows away: 1.0 in value at 1,000 rows
     * per unit, within 3 bucket widths (3 × 0.39 = 1.17).
     */
    @Test
    void quantilesOfALargeDatasetAreAccurate() {
        double[] values = IntStream.range(0, 100_000).mapToDouble(i -> i / 1000.0).toArray();
        double[] ps = {0, 0.1, 0.5, 0.9, 1};
        StatisticResult r = DpStatistics.prepare(StatisticQuery.builder(Statistic.QUANTILES, 10).values(values)
                .bounds(0.0, 100.0).quantiles(ps).confidenceLevel(LEVEL).build()).release();
        @SuppressWarnings("unchecked")
        List<Double> quantiles = (List<Double>) r.result();
        assertThat(quantiles).hasSize(5).isSorted();
        assertThat(r.intervals()).hasSize(5);
        double width = 100.0 / Quantiles.BUCKETS;
        for (int i = 0; i < ps.length; i++) {
            double truth = values[Math.max(0, (int) Math.ceil(ps[i] * values.length) - 1)];
            assertThat(quantiles.get(i)).isCloseTo(truth, within(3 * width));
            assertContains(r.intervals().get(i), truth);
        }
    }

    @Test
    void categoricalHistogramCountsDeclaredCategoriesInOrder() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add("red");
        }
        for (int i = 0; i < 200; i++) {
            rows.add("blue");
        }
        rows.add("undeclared");
        StatisticResult r = DpStatistics.prepare(StatisticQuery.builder(Statistic.HISTOGRAM, 10).categoricalValues(rows)
                .categories(List.of("green", "blue", "red")).confidenceLevel(LEVEL).build()).release();
        assertThat(r.result()).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Double> counts = (Map<String, Double>) r.result();
        assertThat(counts.keySet()).containsExactly("green", "blue", "red");
        double[] truth = {0, 200, 500};
        for (int i = 0; i < 3; i++) {
            assertContains(r.intervals().get(i), truth[i]);
        }
        assertThat(r.sensitivity()).isEqualTo(1);
    }

    @Test
    void numericHistogramUsesHalfOpenBinsAndDropsOutsiders() {
        double[] edges = {0, 1, 2, 5};
        assertThat(Histogram.bin(edges, -0.1)).isEqualTo(-1);
        assertThat(Histogram.bin(edges, 0)).isZero();
        assertThat(Histogram.bin(edges, 0.99)).isZero();
        assertThat(Histogram.bin(edges, 1)).isEqualTo(1);
        assertThat(Histogram.bin(edges, 4.999)).isEqualTo(2);
        assertThat(Histogram.bin(edges, 5)).isEqualTo(2);
        assertThat(Histogram.bin(edges, 5.01)).isEqualTo(-1);
        StatisticResult r = DpStatistics.prepare(StatisticQuery.builder(Statistic.HISTOGRAM, 10)
                .values(-1, 0, 0.5, 1, 3, 5, 6).bins(edges).mechanism(MechanismKind.GAUSSIAN).delta(1e-6)
                .confidenceLevel(LEVEL).build()).release();
        @SuppressWarnings("unchecked")
        Map<String, Double> counts = (Map<String, Double>) r.result();
        assertThat(counts.keySet()).containsExactly("[0.0, 1.0)", "[1.0, 2.0)", "[2.0, 5.0]");
        double[] truth = {2, 1, 2};
        for (int i = 0; i < 3; i++) {
            assertContains(r.intervals().get(i), truth[i]);
        }
    }

    @Test
    void countCountsRowsOfEitherKind() {
        StatisticResult r = DpStatistics.prepare(StatisticQuery.builder(Statistic.COUNT, 10)
                .categoricalValues(List.of("a", "b", "c")).contributionsPerUnit(2).confidenceLevel(LEVEL).build()).release();
        assertContains(r.confidenceInterval(), 3);
        assertThat(r.sensitivity()).isEqualTo(2);
        assertThat(r.scale()).isCloseTo(0.2, within(1e-6));
    }

    @Test
    void noiseReleasesTheWholeVector() {
        double[] values = {1, 2, 3, 4};
        PreparedRelease prepared = DpStatistics.noise(values, 2, 1, 1e-6, MechanismKind.GAUSSIAN, LEVEL);
        assertThat(prepared.statistic()).isNull();
        StatisticResult r = prepared.release();
        @SuppressWarnings("unchecked")
        List<Double> noisy = (List<Double>) r.result();
        assertThat(noisy).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(Math.abs(noisy.get(i) - values[i])).isLessThanOrEqualTo(r.confidenceInterval().halfWidth());
        }
        assertThat(r.loss().rho()).isPositive();
        assertThat(r.scale()).isCloseTo(2 * 4.5309, within(0.01));
    }

    @Test
    void degenerateBoundsGiveTheBound() {
        StatisticResult mean = DpStatistics.prepare(query(Statistic.MEAN).values(1, 2, 3).bounds(2.0, 2.0).build()).release();
        assertThat(mean.result()).isEqualTo(2.0);
        StatisticResult q = DpStatistics.prepare(query(Statistic.QUANTILES).values(1, 2, 3).bounds(2.0, 2.0)
                .quantiles(0.5).build()).release();
        assertThat(q.result()).isEqualTo(List.of(2.0));
    }

    private static void assertContains(ConfidenceInterval ci, double truth) {
        assertThat(truth).as("true value inside %s", ci).isBetween(ci.lower(), ci.upper());
    }
}
