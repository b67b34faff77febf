package io.ppml.dp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DatasetRepository extends JpaRepository<Dataset, UUID> {

    /**
     * A dataset's metadata without its sealed rows, which only a query opens (they can be megabytes, and a list of
     * datasets would otherwise read them all).
     */
    record Summary(UUID id, String name, String columnsJson, @Nullable String privacyUnit, int maxContributions,
            @Nullable BigDecimal epsilonCap, BigDecimal epsilonSpent, int rowCount, boolean rowCountPublic,
            Instant createdAt) {
    }

    List<Summary> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);

    Optional<Summary> findSummaryByIdAndTenantId(UUID id, UUID tenantId);

    /** Loads the dataset, rows and all, and locks its row until the transaction ends: its ε cap is charged in it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from Dataset d where d.id = :id and d.tenantId = :tenantId")
    Optional<Dataset> lockByIdAndTenantId(UUID id, UUID tenantId);

    @Modifying
    @Query("delete from Dataset d where d.id = :id and d.tenantId = :tenantId")
    int deleteByIdAndTenantId(UUID id, UUID tenantId);

    /** Restores a journaled spend the database lost; never lowers a stored one. */
    @Modifying
    @Query("update Dataset d set d.epsilonSpent = :spent where d.id = :id and d.epsilonSpent < :spent")
    int raiseEpsilonSpent(UUID id, BigDecimal spent);
}
