package io.ppml.budget;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The statements of a charge in plain SQL, on the transaction's connection, outside the JPA session — the one hot
 * path of the ledger that is not JPA, and measured to need it: with the account locked by a JPA query, updated by
 * dirty checking and the entry persisted through the session, a charged statistic on H2 ran at 0.25–0.34× the
 * health check's throughput in the same run, against 0.3 required (BENCHMARKS.md, "The charge in plain SQL").
 * Everything else of the ledger — reading the spend, the ledger pages, opening accounts, window changes and the
 * journal's replay — stays JPA; none of those runs in a transaction that also charges, so the session never holds a
 * copy of an account that these statements change under it.
 */
interface ChargeStatements {

    /**
     * The tenant's account read and row-locked ({@code SELECT ... FOR UPDATE}) in one statement, as a detached value:
     * the lock is held until the transaction ends, so charges to one tenant from any thread or instance take their
     * turn. Empty if the tenant has no account.
     */
    Optional<BudgetAccount> lockForCharge(UUID tenantId);

    /** Creates the tenant's empty account now, its window starting at {@code windowStart}. */
    void insertEmptyAccount(UUID tenantId, Instant windowStart, Instant now);

    /** Writes the account as the charge left it and the charge's ledger entry, now. */
    void recordCharge(BudgetAccount account, BudgetLedgerEntry entry);
}
