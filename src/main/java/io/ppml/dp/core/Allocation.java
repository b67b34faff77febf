package io.ppml.dp.core;

import java.util.List;

import io.ppml.budget.core.ZcdpConversion;

/**
 * The one calibration every release uses: the budget split of a query — ε for LAPLACE, ρ = rhoFor(ε, δ) for
 * GAUSSIAN, in equal parts — and the mechanism of each part. Sequential composition makes the parts' ε add up to the
 * requested ε (Dwork &amp; Roth 2014 Theorem 3.16); for GAUSSIAN the parts' ρ add up to at most the target ρ (Bun &amp;
 * Steinke 2016 Lemma 2.3), so the whole release is (ε, δ)-DP as requested — splitting ε and δ would waste budget.
 *
 * <p>For one group of a grouped release, each mechanism pays the grid rounding of every group one person can touch:
 * the rounded vectors of two neighbours differ in at most {@code groupsPerUnit} groups, each by up to one grid step
 * more than the true values do, so a mechanism of d coordinates is calibrated as one of d·groupsPerUnit.
 */
final class Allocation {

    private final MechanismKind kind;
    private final double epsilon;
    private final double delta;
    private final int groupsPerUnit;
    private final double epsilonPart;
    private final double rhoPart;

    /** The split of a query's budget into {@code parts} equal parts. */
    static Allocation of(StatisticQuery q, int parts) {
        return new Allocation(q.mechanism(), q.epsilon(), q.delta(), parts, q.groupsPerUnit());
    }

    Allocation(MechanismKind kind, double epsilon, double delta, int parts, int groupsPerUnit) {
        this.kind = kind;
        this.epsilon = epsilon;
        this.delta = delta;
        this.groupsPerUnit = groupsPerUnit;
        if (kind == MechanismKind.LAPLACE) {
            this.epsilonPart = splitDown(epsilon, parts);
            this.rhoPart = 0;
        } else {
            this.epsilonPart = 0;
            this.rhoPart = splitDown(ZcdpConversion.rhoFor(epsilon, delta), parts);
        }
    }

    /** total/parts, lowered until adding it up parts times in double stays at or below the total. */
    private static double splitDown(double total, int parts) {
        double part = total / parts;
        while (repeatSum(part, parts) > total) {
            part = Math.nextDown(part);
        }
        return part;
    }

    private static double repeatSum(double part, int parts) {
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            sum += part;
        }
        return sum;
    }

    /**
     * The mechanism of one part, for a vector of {@code dimension} coordinates with the given sensitivity (L1 for
     * LAPLACE, L2 for GAUSSIAN).
     *
     * @throws DpQueryException when the noise this needs is beyond {@link DpPreconditions#MAX_SCALE} — a function of
     *                          public parameters only, so the refusal reveals nothing
     */
    NoiseMechanism mechanism(double sensitivity, int dimension) {
        int calibrated = Math.multiplyExact(dimension, groupsPerUnit);
        double rough = kind == MechanismKind.LAPLACE ? sensitivity / epsilonPart
                : sensitivity / Math.sqrt(2 * rhoPart);
        if (!(rough <= DpPreconditions.MAX_SCALE)) {
            throw new DpQueryException("epsilon", "these bounds and this ε need noise of scale about " + rough
                    + ", beyond what a double can carry (2^960); raise ε or narrow the bounds");
        }
        NoiseMechanism mechanism = kind == MechanismKind.LAPLACE
                ? LaplaceMechanism.calibrate(sensitivity, epsilonPart, calibrated)
                : GaussianMechanism.forRho(sensitivity, rhoPart, calibrated, ZcdpConversion.epsilon(rhoPart, delta),
                        delta);
        if (!(mechanism.scale() <= 2 * DpPreconditions.MAX_SCALE)) {
            throw new DpQueryException("epsilon", "these bounds and this ε need noise of scale "
                    + mechanism.scale() + ", beyond what a double can carry; raise ε or narrow the bounds");
        }
        return mechanism;
    }

    /** What the parts cost together. */
    PrivacyLoss total(List<NoiseMechanism> parts) {
        if (kind == MechanismKind.LAPLACE) {
            double sum = 0;
            for (NoiseMechanism part : parts) {
                sum += part.loss().epsilon();
            }
            return PrivacyLoss.pure(sum);
        }
        double rho = 0;
        for (NoiseMechanism part : parts) {
            rho += part.loss().rho();
        }
        // The exact CKS ε(ρ, δ) increases with ρ (every α's bracket does), so ρ ≤ rhoFor(ε, δ), whose computed
        // ε is ≤ ε, guarantees (ε, δ); the numerical upper bound at a smaller ρ may wobble by ~1e-14 and is not
        // used for that reason. Should ρ ever exceed the target, the computed bound is reported instead.
        double implied = rho <= ZcdpConversion.rhoFor(epsilon, delta) ? epsilon
                : Math.max(epsilon, ZcdpConversion.epsilon(rho, delta));
        return PrivacyLoss.zcdp(rho, implied, delta);
    }
}
