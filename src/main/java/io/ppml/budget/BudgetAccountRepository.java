package io.ppml.budget;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface BudgetAccountRepository extends JpaRepository<BudgetAccount, UUID>, ChargeStatements {

    /**
     * The tenant's account, read and row-locked ({@code SELECT ... FOR UPDATE}, or PostgreSQL's
     * {@code FOR NO KEY UPDATE}) in one statement, as an entity of the session: for the transactions that change an
     * account other than by a charge (a window change). A charge locks with {@link #lockForCharge}.
     *
     * <p>Only fresh if the transaction holds no unlocked copy of the account: Hibernate returns an instance already
     * in the persistence context as it is, not as the locked row now reads. So reads that do not lock use
     * {@link #findSpend}, which leaves no instance behind.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from BudgetAccount a where a.tenantId = :tenantId")
    Optional<BudgetAccount> findLocked(UUID tenantId);

    /** What the tenant's account has recorded, as a value, without locking it or keeping it in the session. */
    @Query("""
            select new io.ppml.budget.AccountSpend(a.windowStart, a.pureEpsilon, a.epsilonSquares, a.rho, a.delta,
                a.rdpRho, a.rdpCurve, a.epsilonSpent, a.lifetimePureEpsilon, a.lifetimeEpsilonSquares, a.lifetimeRho,
                a.lifetimeDelta, a.lifetimeRdpRho, a.lifetimeRdpCurve, a.lifetimeEpsilon)
            from BudgetAccount a where a.tenantId = :tenantId""")
    Optional<AccountSpend> findSpend(UUID tenantId);

    /** What the window of each account has spent, for every account at once (the budget gauges). */
    @Query("select new io.ppml.budget.WindowSpend(a.tenantId, a.windowStart, a.epsilonSpent, a.delta) "
            + "from BudgetAccount a")
    List<WindowSpend> findAllWindowSpends();
}
