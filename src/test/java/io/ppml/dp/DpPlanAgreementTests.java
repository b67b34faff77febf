package io.ppml.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.ppml.budget.BudgetService;
import io.ppml.budget.BudgetView;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.dp.DpDtos.PlanRequest;
import io.ppml.dp.DpDtos.PlanResponse;
import io.ppml.dp.core.DpStatistics;
import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.PreparedRelease;
import io.ppml.dp.core.ReleasePlan;
import io.ppml.dp.core.Statistic;
import io.ppml.dp.core.StatisticQuery;
import io.ppml.dp.core.StatisticResult;
import io.ppml.tenant.Caller;
import io.ppml.tenant.Role;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A plan and the release it predicts agree, for every statistic and both mechanisms: the core's plan of a query's
 * public part is the very calibration its release carries (parts, ε or ρ split, noise scale, sensitivity, cost,
 * half-width), whatever the data; the released result reports those figures; and {@link DpPlanner}'s answer — by ε
 * or by a target half-width — states the cost the release is charged and the half-width it has.
 */
class DpPlanAgreementTests {

    private static final int MAX_VALUES = 1_000_000;
    private static final double LEVEL = 0.9;
    private static final double[] DATA = {3, 14, 15, 92, 65, 35, 89, 79, 32, 38, 46, 26, 43, 38, 32, 79, 50, 28, 84};

    private final BudgetService budget = mock(BudgetService.class);
    private final DpPlanner planner = new DpPlanner(budget, new DpProperties(MAX_VALUES));
    private final Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), Role.ANALYST);

    DpPlanAgreementTests() {
        BudgetView.Amount amount = new BudgetView.Amount(10, 0, 10);
        when(budget.view(any())).thenReturn(new BudgetView(amount, new BudgetView.Amount(1e-3, 0, 1e-3),
                new BudgetView.Window(null, null), new BudgetView.Lifetime(0, 0)));
        when(budget.affordable(any(), any())).thenReturn(7L);
    }

    static Stream<Arguments> everyStatistic() {
        List<Arguments> all = new ArrayList<>();
        for (Statistic statistic : Statistic.values()) {
            all.add(Arguments.of(statistic, MechanismKind.LAPLACE, 0.0));
            all.add(Arguments.of(statistic, MechanismKind.GAUSSIAN, 1e-6));
        }
        return all.stream();
    }

    /** A clamping bound for the statistics that read one; the others refuse bounds. */
    private static @Nullable Double bound(Statistic statistic, double bound) {
        return statistic.parameters().contains("lower") ? bound : null;
    }

    /** The public part of a query as {@code /v1/dp/statistics} builds it, before the rows are added. */
    private static StatisticQuery.Builder query(Statistic statistic, MechanismKind kind, double delta, double epsilon,
                                                int buckets) {
        StatisticQuery.Builder query = StatisticQuery.builder(statistic, DpService.calibrationEpsilon(epsilon))
                .mechanism(kind).delta(delta).confidenceLevel(LEVEL)
                .bounds(bound(statistic, 0.0), bound(statistic, 100.0));
        if (statistic == Statistic.QUANTILES) {
            query.quantiles(0.1, 0.5, 0.9);
        }
        if (statistic == Statistic.HISTOGRAM) {
            double[] edges = new double[buckets + 1];
            for (int i = 0; i <= buckets; i++) {
                edges[i] = 100.0 * i / buckets;
            }
            query.bins(edges);
        }
        return query;
    }

    @ParameterizedTest
    @MethodSource("everyStatistic")
    void shouldPlanTheCalibrationTheReleaseUses(Statistic statistic, MechanismKind kind, double delta) {
        for (int buckets : new int[]{1, 7}) {
            ReleasePlan plan = DpStatistics.plan(query(statistic, kind, delta, 0.5, buckets).build(), MAX_VALUES);
            PreparedRelease prepared = DpStatistics.prepare(query(statistic, kind, delta, 0.5, buckets).values(DATA)
                    .build(), MAX_VALUES);
            assertThat(prepared.plan()).isEqualTo(plan);
            assertThat(prepared.totalLoss()).isEqualTo(plan.loss());
            assertThat(prepared.mechanisms()).isEqualTo(plan.parts());

            StatisticResult result = prepared.release();
            assertThat(result.mechanism()).isEqualTo(plan.kind()).isEqualTo(kind);
            assertThat(result.loss()).isEqualTo(plan.loss());
            assertThat(result.scale()).isEqualTo(plan.scale());
            assertThat(result.sensitivity()).isEqualTo(plan.sensitivity());
            assertThat(result.confidenceInterval().level()).isEqualTo(plan.level());
            assertHalfWidth(statistic, plan.halfWidth(), result);
        }
    }

    @ParameterizedTest
    @MethodSource("everyStatistic")
    void shouldStateTheCostAndHalfWidthOfTheReleaseItPlans(Statistic statistic, MechanismKind kind, double delta) {
        double epsilon = 0.5;
        for (int buckets : statistic == Statistic.HISTOGRAM ? new int[]{1, 7} : new int[]{1}) {
            PlanResponse plan = planner.plan(caller, new PlanRequest(statistic, epsilon, null, bound(statistic, 0.0),
                    bound(statistic, 100.0),
                    kind == MechanismKind.GAUSSIAN ? delta : null, kind, LEVEL,
                    statistic == Statistic.HISTOGRAM ? buckets : null));

            PreparedRelease release = DpStatistics.prepare(query(statistic, kind, delta, epsilon, buckets)
                    .values(DATA).build(), MAX_VALUES);
            PrivacyCost charged = DpService.cost(kind, epsilon, delta, release.totalLoss());
            assertThat(plan.epsilon()).isEqualTo(charged.epsilon().doubleValue());
            assertThat(plan.cost().epsilon()).isEqualTo(charged.epsilon().doubleValue());
            assertThat(plan.cost().delta()).isEqualTo(charged.delta().doubleValue());
            assertThat(plan.cost().rho()).isEqualTo(charged.rho().doubleValue());
            assertThat(plan.cost().mechanism()).isEqualTo(kind);
            assertThat(plan.level()).isEqualTo(LEVEL);
            assertThat(plan.queriesRemaining()).isEqualTo(7);
            assertHalfWidth(statistic, plan.halfWidth(), release.release());
        }
    }

    @ParameterizedTest
    @MethodSource("everyStatistic")
    void shouldFindTheEpsilonWhoseReleaseReachesTheTargetHalfWidth(Statistic statistic, MechanismKind kind,
                                                                  double delta) {
        ReleasePlan atMost = DpStatistics.plan(query(statistic, kind, delta, 10, 1).build(), MAX_VALUES);
        if (atMost.halfWidth() == null) {
            return; // data-dependent intervals: planned by ε only (the API test checks the refusal)
        }
        double target = 3 * atMost.halfWidth();
        PlanResponse plan = planner.plan(caller, new PlanRequest(statistic, null, target, bound(statistic, 0.0),
                bound(statistic, 100.0),
                kind == MechanismKind.GAUSSIAN ? delta : null, kind, LEVEL, null));
        assertThat(plan.halfWidth()).isNotNull().isLessThanOrEqualTo(target).isCloseTo(target, within(target * 1e-3));

        PreparedRelease release = DpStatistics.prepare(query(statistic, kind, delta, plan.epsilon(), 1).values(DATA)
                .build(), MAX_VALUES);
        PrivacyCost charged = DpService.cost(kind, plan.epsilon(), delta, release.totalLoss());
        assertThat(plan.cost().rho()).isEqualTo(charged.rho().doubleValue());
        assertThat(plan.cost().epsilon()).isEqualTo(charged.epsilon().doubleValue());
        assertHalfWidth(statistic, plan.halfWidth(), release.release());
    }

    /**
     * The stated half-width is the released one: exactly for COUNT, HISTOGRAM and noise; for SUM up to the relative
     * 1e-12 the release adds for the rounding of its own interval; none for the data-dependent intervals.
     */
    private static void assertHalfWidth(Statistic statistic, @Nullable Double planned, StatisticResult result) {
        double released = result.confidenceInterval().halfWidth();
        switch (statistic) {
            case COUNT, HISTOGRAM -> assertThat(released).isEqualTo(planned);
            case SUM -> {
                assertThat(planned).isNotNull();
                assertThat(released).isGreaterThanOrEqualTo(planned)
                        .isLessThanOrEqualTo(planned + Math.abs((Double) result.result()) * 2e-12);
            }
            default -> assertThat(planned).isNull();
        }
    }
}
