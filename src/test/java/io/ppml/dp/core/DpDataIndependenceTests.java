package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whether a statistic is refused, and whether its release can fail, must never depend on the data it reads: the
 * service charges the budget between {@link DpStatistics#prepare} and {@link PreparedRelease#release()}, so a refusal
 * that depends on the rows, or a release that fails for some rows only, answers a question about them for free.
 * These properties run every statistic over random public parameters — including bounds near the largest doubles,
 * the smallest ε and several contributions per person — with two random datasets each, and check that both are
 * refused alike or both released, and that a release never fails and never yields a non-finite number.
 */
class DpDataIndependenceTests {

    private static final int MAX_VALUES = 1000;
    private static final List<Statistic> NUMERIC = List.of(Statistic.COUNT, Statistic.SUM, Statistic.MEAN,
            Statistic.VARIANCE, Statistic.STDDEV, Statistic.QUANTILES, Statistic.HISTOGRAM);

    /** The public part of a query: everything but the rows. */
    record Public(Statistic statistic, double lower, double upper, double epsilon, MechanismKind mechanism,
                  double delta, int contributions, int groupsPerUnit, double level) {

        StatisticQuery with(double[] values) {
            double lo = Math.min(lower, upper);
            double hi = Math.max(lower, upper);
            StatisticQuery.Builder builder = StatisticQuery.builder(statistic, epsilon).values(values)
                    .bounds(lo, hi).mechanism(mechanism).delta(delta).contributionsPerUnit(contributions)
                    .groupsPerUnit(groupsPerUnit).confidenceLevel(level);
            if (statistic == Statistic.QUANTILES) {
                builder.quantiles(0, 0.25, 0.5, 0.99, 1);
            }
            if (statistic == Statistic.HISTOGRAM) {
                builder.bins(lo, lo / 2 + hi / 2, hi).bounds(null, null);
                if (lo == hi) {
                    builder.bins(lo, Math.nextUp(lo));
                }
            }
            return builder.build();
        }
    }

    /** Magnitudes from the tiny to the largest doubles, both signs, and zero. */
    private static Arbitrary<Double> magnitudes() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, 1.0, -1.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE / 1000,
                        -Double.MAX_VALUE / 3, 1e300, -1e300, 1e154, -1e154, 1e150, 0x1p990, 0x1p-1074, 1e-300),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(6),
                Arbitraries.integers().between(-1023, 1023).map(e -> Math.scalb(1.0, e)),
                Arbitraries.integers().between(-1023, 1023).map(e -> -Math.scalb(1.5, e)));
    }

    @Provide
    Arbitrary<Public> publicParameters() {
        Arbitrary<Double> epsilons = Arbitraries.oneOf(Arbitraries.of(0x1p-50, 1e-12, 0.01, 1.0, 10.0),
                Arbitraries.doubles().between(0.001, 10).ofScale(6));
        Arbitrary<Integer> contributions = Arbitraries.integers().between(1, 5);
        return Combinators.combine(Arbitraries.of(NUMERIC), magnitudes(), magnitudes(), epsilons,
                        Arbitraries.of(MechanismKind.values()), contributions, Arbitraries.of(0.5, 0.95, 1 - 1e-9))
                .flatAs((statistic, lower, upper, epsilon, mechanism, c, level) -> Arbitraries.integers()
                        .between(1, c).map(groups -> new Public(statistic, lower, upper, epsilon, mechanism,
                                mechanism == MechanismKind.GAUSSIAN ? 1e-6 : 0, c, groups, level)));
    }

    @Provide
    Arbitrary<double[]> rows() {
        return magnitudes().array(double[].class).ofMinSize(0).ofMaxSize(60);
    }

    @Property(tries = 600)
    void refusalsAndReleasesDoNotDependOnTheRows(@ForAll("publicParameters") Public query,
                                                 @ForAll("rows") double[] first, @ForAll("rows") double[] second,
                                                 @ForAll @IntRange(min = 0, max = MAX_VALUES) int manyRows) {
        double[] many = new double[manyRows];
        java.util.Arrays.fill(many, query.upper());
        String a = outcome(query.with(first));
        assertThat(outcome(query.with(second))).isEqualTo(a);
        assertThat(outcome(query.with(many))).isEqualTo(a);
    }

    /** "released" after a successful, finite release, or the refusal's field and reason. */
    private static String outcome(StatisticQuery query) {
        PreparedRelease prepared;
        try {
            prepared = DpStatistics.prepare(query, MAX_VALUES, true);
        } catch (DpQueryException refused) {
            return "refused " + refused.field() + ": " + refused.reason();
        }
        StatisticResult result = prepared.release();
        assertFinite(result.result(), query);
        ConfidenceInterval ci = result.confidenceInterval();
        assertThat(List.of(ci.lower(), ci.upper(), ci.halfWidth())).as("interval of %s", query)
                .allMatch(Double::isFinite);
        result.intervals().forEach(i -> assertThat(List.of(i.lower(), i.upper(), i.halfWidth()))
                .allMatch(Double::isFinite));
        return "released";
    }

    private static void assertFinite(@Nullable Object value, StatisticQuery query) {
        if (value instanceof Double d) {
            assertThat(d).as("result of %s", query).isFinite();
        } else if (value instanceof Collection<?> list) {
            list.forEach(v -> assertFinite(v, query));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> assertFinite(v, query));
        } else {
            throw new AssertionError("unexpected result " + value);
        }
    }

    /**
     * The probe of issue 9: SUM with lower = upper = Double.MAX_VALUE / k over n rows overflowed for k below n, and
     * the failure after the charge rolled the charge back — a free binary search for n. Now the bounds are refused
     * for every k, before any row is read, with the same answer whatever n is.
     */
    @Test
    void shouldRefuseBoundsThatCouldOverflowWhateverTheRowCount() {
        int n = 40;
        double[] rows = new double[n];
        List<String> outcomes = new ArrayList<>();
        for (int k : new int[]{n - 1, n + 1, 2 * n, MAX_VALUES - 1}) {
            double bound = Double.MAX_VALUE / k;
            java.util.Arrays.fill(rows, bound);
            StatisticQuery query = StatisticQuery.builder(Statistic.SUM, 1).values(rows).bounds(bound, bound).build();
            assertThatThrownBy(() -> DpStatistics.prepare(query, MAX_VALUES, true))
                    .isInstanceOf(DpQueryException.class)
                    .satisfies(e -> outcomes.add(((DpQueryException) e).field()));
        }
        assertThat(outcomes).containsOnly("upper");
        // the widest bounds accepted at ε = 1 (the noise scale is the limit there): full rows cannot overflow
        double widest = DpPreconditions.MAX_SCALE / 2;
        double[] full = new double[MAX_VALUES];
        java.util.Arrays.fill(full, widest);
        StatisticResult sum = DpStatistics.prepare(StatisticQuery.builder(Statistic.SUM, 1).values(full)
                .bounds(-widest, widest).build(), MAX_VALUES, true).release();
        assertThat((Double) sum.result()).isFinite();
    }

    @Test
    void shouldRefuseNoiseBeyondTheDoublesBeforeCalibrating() {
        double bound = DpPreconditions.MAX_MAGNITUDE / MAX_VALUES;
        for (MechanismKind kind : MechanismKind.values()) {
            StatisticQuery query = StatisticQuery.builder(Statistic.SUM, 0x1p-50).values(1, 2, 3)
                    .bounds(-bound, bound).mechanism(kind).delta(kind == MechanismKind.GAUSSIAN ? 1e-9 : 0).build();
            assertThatThrownBy(() -> DpStatistics.prepare(query, MAX_VALUES, true))
                    .isInstanceOf(DpQueryException.class)
                    .extracting(e -> ((DpQueryException) e).field()).isEqualTo("epsilon");
        }
        assertThatThrownBy(() -> DpStatistics.noise(new double[]{1}, Double.MAX_VALUE, 0x1p-50, 0,
                MechanismKind.LAPLACE, 0.95)).isInstanceOf(DpQueryException.class);
    }
}
