package io.ppml.budget;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface BudgetLedgerEntryRepository extends JpaRepository<BudgetLedgerEntry, UUID> {

    /** The tenant's entries numbered below {@code before}, newest first. */
    List<BudgetLedgerEntry> findByTenantIdAndSequenceLessThanOrderBySequenceDesc(UUID tenantId, long before,
            Limit limit);

    Optional<BudgetLedgerEntry> findByIdAndTenantId(UUID id, UUID tenantId);
}
