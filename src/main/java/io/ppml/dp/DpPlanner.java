package io.ppml.dp;

import io.ppml.refusal.Refusal;
import io.ppml.budget.BudgetView;
import io.ppml.budget.BudgetService;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.budget.core.ZcdpConversion;
import io.ppml.dp.DpDtos.BudgetLeft;
import io.ppml.dp.DpDtos.PlanRequest;
import io.ppml.dp.DpDtos.PlanResponse;
import io.ppml.dp.DpDtos.Privacy;
import io.ppml.dp.core.GaussianMechanism;
import io.ppml.dp.core.LaplaceMechanism;
import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.NoiseMechanism;
import io.ppml.dp.core.Statistic;
import io.ppml.tenant.Caller;
import org.springframework.stereotype.Service;

/**
 * Dry runs: for a statistic and either ε or a target confidence half-width, the other one, the cost, and how many
 * such releases the remaining budget pays for. Spends nothing. The half-width is computed from the very mechanisms
 * a release would use, so it is exact for COUNT, SUM and each HISTOGRAM bucket, whose intervals do not depend on
 * the data; MEAN, VARIANCE, STDDEV and QUANTILES have data-dependent intervals, so only their cost is planned.
 */
@Service
class DpPlanner {

    static final double MIN_EPSILON = 0x1.0p-50;
    static final double MAX_EPSILON = 10;

    private final BudgetService budget;

    DpPlanner(BudgetService budget) {
        this.budget = budget;
    }

    PlanResponse plan(Caller caller, PlanRequest request) {
        MechanismKind kind = request.mechanism() == null ? MechanismKind.LAPLACE : request.mechanism();
        double level = request.confidenceLevel() == null ? 0.95 : request.confidenceLevel();
        double delta = request.delta() == null ? 0 : request.delta();
        validate(request, kind, level, delta);
        boolean dataIndependent = request.statistic() == Statistic.COUNT || request.statistic() == Statistic.SUM
                || request.statistic() == Statistic.HISTOGRAM;
        double epsilon;
        Double halfWidth = null;
        if (request.epsilon() != null) {
            epsilon = request.epsilon();
            if (dataIndependent) {
                halfWidth = mechanism(request, kind, epsilon, delta).confidenceHalfWidth(level);
            }
        } else {
            if (!dataIndependent) {
                throw Refusal.invalid("halfWidth", "planning by half-width is available for COUNT, SUM "
                        + "and HISTOGRAM, whose intervals do not depend on the data; give epsilon for "
                        + request.statistic() + " to plan its cost");
            }
            double target = request.halfWidth();
            if (mechanism(request, kind, MAX_EPSILON, delta).confidenceHalfWidth(level) > target) {
                throw Refusal.invalid("halfWidth", "is narrower than ε = " + MAX_EPSILON
                        + " can give; widen it or lower the confidence level");
            }
            // the half-width falls as ε grows: bisect for the smallest ε that reaches the target
            double low = MIN_EPSILON;
            double high = MAX_EPSILON;
            for (int i = 0; i < 80 && high - low > high * 1e-9; i++) {
                double mid = Math.sqrt(low * high);
                if (mechanism(request, kind, mid, delta).confidenceHalfWidth(level) <= target) {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            epsilon = high;
            halfWidth = mechanism(request, kind, epsilon, delta).confidenceHalfWidth(level);
        }
        PrivacyCost cost = kind == MechanismKind.LAPLACE ? PrivacyCost.pure(epsilon)
                : PrivacyCost.zcdp(dataIndependent ? ((GaussianMechanism) mechanism(request, kind, epsilon, delta))
                        .rho() : ZcdpConversion.rhoFor(epsilon, delta), delta, epsilon);
        BudgetView view = budget.view(caller.tenantId());
        return new PlanResponse(request.statistic(), cost.epsilon().doubleValue(), halfWidth, level,
                new Privacy(cost.epsilon().doubleValue(), cost.delta().doubleValue(), cost.rho().doubleValue(), kind),
                new BudgetLeft(view.epsilon().remaining(), view.delta().remaining()),
                budget.affordable(caller.tenantId(), cost));
    }

    private static NoiseMechanism mechanism(PlanRequest request, MechanismKind kind, double epsilon, double delta) {
        double sensitivity = request.statistic() == Statistic.SUM
                ? Math.max(Math.abs(request.lower()), Math.abs(request.upper())) : 1;
        return kind == MechanismKind.LAPLACE ? LaplaceMechanism.calibrate(sensitivity, epsilon, 1)
                : GaussianMechanism.calibrate(sensitivity, epsilon, delta, 1);
    }

    private static void validate(PlanRequest request, MechanismKind kind, double level, double delta) {
        if ((request.epsilon() == null) == (request.halfWidth() == null)) {
            throw Refusal.invalid("epsilon", "give exactly one of epsilon and halfWidth");
        }
        if (request.epsilon() != null && !(request.epsilon() >= MIN_EPSILON && request.epsilon() <= MAX_EPSILON)) {
            throw Refusal.invalid("epsilon", "must be between 2^-50 and " + MAX_EPSILON);
        }
        if (request.halfWidth() != null && !(request.halfWidth() > 0 && Double.isFinite(request.halfWidth()))) {
            throw Refusal.invalid("halfWidth", "must be a positive number");
        }
        if (!(level > 0 && level < 1)) {
            throw Refusal.invalid("confidenceLevel", "must be strictly between 0 and 1");
        }
        if (kind == MechanismKind.LAPLACE && delta != 0) {
            throw Refusal.invalid("delta", "must be 0 for LAPLACE, a pure-ε mechanism");
        }
        if (kind == MechanismKind.GAUSSIAN && !(delta > 0 && delta < 1)) {
            throw Refusal.invalid("delta", "must be in (0, 1) for GAUSSIAN");
        }
        if (request.statistic() == Statistic.SUM) {
            if (request.lower() == null || request.upper() == null) {
                throw Refusal.invalid("lower", "SUM needs lower and upper bounds");
            }
            if (!(Double.isFinite(request.lower()) && Double.isFinite(request.upper())
                    && request.lower() <= request.upper())) {
                throw Refusal.invalid("lower", "must be finite and not above upper");
            }
        }
    }
}
