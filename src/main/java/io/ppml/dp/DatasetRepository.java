package io.ppml.dp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
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

    /** The tenant's first datasets in creation order. */
    List<Summary> findByTenantIdOrderByCreatedAtAscIdAsc(UUID tenantId, Limit limit);

    /** The tenant's datasets that follow the one created at {@code at} with {@code id}, in creation order. */
    @Query("select new io.ppml.dp.DatasetRepository$Summary(d.id, d.name, d.columnsJson, d.privacyUnit,"
            + " d.maxContributions, d.epsilonCap, d.epsilonSpent, d.rowCount, d.rowCountPublic, d.createdAt)"
            + " from Dataset d where d.tenantId = :tenantId and d.createdAt >= :at"
            + " and (d.createdAt > :at or d.id > :id) order by d.createdAt, d.id")
    List<Summary> findByTenantIdAfter(UUID tenantId, Instant at, UUID id, Limit limit);

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
