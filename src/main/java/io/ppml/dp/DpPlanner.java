package io.ppml.dp;

import java.util.List;
import java.util.stream.IntStream;

import io.ppml.budget.BudgetService;
import io.ppml.budget.BudgetView;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.dp.DpDtos.BudgetLeft;
import io.ppml.dp.DpDtos.PlanRequest;
import io.ppml.dp.DpDtos.PlanResponse;
import io.ppml.dp.DpDtos.Privacy;
import io.ppml.dp.core.DpPreconditions;
import io.ppml.dp.core.DpQueryException;
import io.ppml.dp.core.DpStatistics;
import io.ppml.dp.core.ReleasePlan;
import io.ppml.dp.core.Statistic;
import io.ppml.dp.core.StatisticQuery;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;

/**
 * Dry runs: for a statistic and either ε or a target confidence half-width, the other one, the cost, and how many
 * such releases the remaining budget pays for. Spends nothing. Every figure comes from the core's calibration of the
 * release itself ({@link DpStatistics#plan}), with the ε the release would calibrate with and the row limit of
 * {@code /v1/dp/statistics}, and is costed as {@link DpService} charges it — so a plan states exactly what that
 * release will do. The half-width is public for COUNT, SUM and HISTOGRAM; MEAN, VARIANCE, STDDEV and QUANTILES have
 * data-dependent intervals, so only their cost is planned.
 *
 * <p>A HISTOGRAM is planned for the number of {@code buckets} the request names (one when absent: a histogram of B
 * buckets bounds all B at once and is wider); QUANTILES for one quantile (any number costs the same).
 */
final class DpPlanner {

    private final BudgetService budget;
    private final DpProperties properties;

    DpPlanner(BudgetService budget, DpProperties properties) {
        this.budget = budget;
        this.properties = properties;
    }

    PlanResponse plan(Caller caller, PlanRequest request) {
        UnusedFields.of(request.statistic()).check("lower", request.lower()).check("upper", request.upper())
                .check("buckets", request.buckets()).refuse();
        if ((request.epsilon() == null) == (request.halfWidth() == null)) {
            throw Refusal.invalid("epsilon", "give exactly one of epsilon and halfWidth");
        }
        if (request.halfWidth() != null && !(request.halfWidth() > 0 && Double.isFinite(request.halfWidth()))) {
            throw Refusal.invalid("halfWidth", "must be a positive number");
        }
        double epsilon;
        ReleasePlan plan;
        if (request.epsilon() != null) {
            epsilon = request.epsilon();
            plan = release(request, epsilon);
        } else {
            epsilon = epsilonFor(request, request.halfWidth());
            plan = release(request, epsilon);
        }
        double delta = request.delta() == null ? 0 : request.delta();
        PrivacyCost cost = DpService.cost(plan.kind(), epsilon, delta, plan.loss());
        BudgetView view = budget.view(caller.tenantId());
        return new PlanResponse(request.statistic(), cost.epsilon().doubleValue(), plan.halfWidth(), plan.level(),
                new Privacy(cost.epsilon().doubleValue(), cost.delta().doubleValue(), cost.rho().doubleValue(),
                        plan.kind()),
                new BudgetLeft(view.epsilon().remaining(), view.delta().remaining()),
                budget.affordable(caller.tenantId(), cost));
    }

    /** The smallest ε whose release reaches the target half-width: it falls as ε grows, so bisect. */
    private double epsilonFor(PlanRequest request, double target) {
        ReleasePlan widest = release(request, DpPreconditions.MAX_EPSILON);
        if (widest.halfWidth() == null) {
            throw Refusal.invalid("halfWidth", "planning by half-width is available for COUNT, SUM "
                    + "and HISTOGRAM, whose intervals do not depend on the data; give epsilon for "
                    + request.statistic() + " to plan its cost");
        }
        if (widest.halfWidth() > target) {
            throw Refusal.invalid("halfWidth", "is narrower than ε = " + DpPreconditions.MAX_EPSILON
                    + " can give; widen it or lower the confidence level");
        }
        double low = DpPreconditions.MIN_EPSILON;
        double high = DpPreconditions.MAX_EPSILON;
        for (int i = 0; i < 80 && high - low > high * 1e-9; i++) {
            double mid = Math.sqrt(low * high);
            if (halfWidth(request, mid) <= target) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /** The half-width at ε, infinite where the core refuses the noise that ε needs (beyond a double's range). */
    private double halfWidth(PlanRequest request, double epsilon) {
        try {
            Double h = release(request, epsilon).halfWidth();
            return h == null ? Double.POSITIVE_INFINITY : h;
        } catch (DpQueryException tooNoisy) {
            return Double.POSITIVE_INFINITY;
        }
    }

    /** What a {@code /v1/dp/statistics} release of this statistic at ε is calibrated for, refused as it would be. */
    private ReleasePlan release(PlanRequest request, double epsilon) {
        StatisticQuery.Builder query = StatisticQuery.builder(request.statistic(), DpService.calibrationEpsilon(epsilon))
                .bounds(request.lower(), request.upper())
                .delta(request.delta() == null ? 0 : request.delta());
        if (request.mechanism() != null) {
            query.mechanism(request.mechanism());
        }
        if (request.confidenceLevel() != null) {
            query.confidenceLevel(request.confidenceLevel());
        }
        if (request.statistic() == Statistic.QUANTILES) {
            query.quantiles(0.5);
        }
        if (request.statistic() == Statistic.HISTOGRAM) {
            int buckets = request.buckets() == null ? 1 : request.buckets();
            if (buckets > DpPreconditions.MAX_BUCKETS) {
                throw Refusal.invalid("buckets", "must be at most " + DpPreconditions.MAX_BUCKETS);
            }
            query.categories(IntStream.range(0, buckets).mapToObj(Integer::toString).toList());
        }
        return DpStatistics.plan(query.build(), properties.maxValues());
    }
}
