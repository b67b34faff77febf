package io.ppml.budget;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface BudgetAccountRepository extends JpaRepository<BudgetAccount, UUID> {

    /**
     * The tenant's account, read and row-locked ({@code SELECT ... FOR UPDATE}, or PostgreSQL's
     * {@code FOR NO KEY UPDATE}) in one statement: the lock is held until the transaction ends, so charges to one
     * tenant from any thread or instance take their turn.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from BudgetAccount a where a.tenantId = :tenantId")
    Optional<BudgetAccount> findLocked(UUID tenantId);
}
