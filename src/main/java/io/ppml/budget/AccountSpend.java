package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.budget.core.RdpCurve;
import org.jspecify.annotations.Nullable;

/**
 * What a budget account has recorded, as a value read without loading the account into the persistence context
 * (see {@link BudgetAccountRepository#findSpend}).
 */
record AccountSpend(Instant windowStart, Spend window, BigDecimal epsilonSpent, Spend lifetime,
        BigDecimal lifetimeEpsilon) {

    /** The columns in the order the repository's query selects them. */
    AccountSpend(Instant windowStart, BigDecimal pureEpsilon, BigDecimal epsilonSquares, BigDecimal rho,
            BigDecimal delta, BigDecimal rdpRho, byte @Nullable [] rdpCurve, BigDecimal epsilonSpent,
            BigDecimal lifetimePureEpsilon, BigDecimal lifetimeEpsilonSquares, BigDecimal lifetimeRho,
            BigDecimal lifetimeDelta, BigDecimal lifetimeRdpRho, byte @Nullable [] lifetimeRdpCurve,
            BigDecimal lifetimeEpsilon) {
        this(windowStart, new Spend(pureEpsilon, epsilonSquares, rho, delta, rdpRho, RdpCurve.fromBytes(rdpCurve)),
                epsilonSpent, new Spend(lifetimePureEpsilon, lifetimeEpsilonSquares, lifetimeRho, lifetimeDelta,
                        lifetimeRdpRho, RdpCurve.fromBytes(lifetimeRdpCurve)), lifetimeEpsilon);
    }
}
