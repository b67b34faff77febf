package io.ppml.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    /** The tenant's first keys in creation order. */
    List<ApiKey> findByTenantIdOrderByCreatedAtAscIdAsc(UUID tenantId, Limit limit);

    /** The tenant's keys that follow the one created at {@code at} with {@code id}, in creation order. */
    @Query("select k from ApiKey k where k.tenantId = :tenantId and k.createdAt >= :at"
            + " and (k.createdAt > :at or k.id > :id) order by k.createdAt, k.id")
    List<ApiKey> findByTenantIdAfter(UUID tenantId, Instant at, UUID id, Limit limit);

    Optional<ApiKey> findByIdAndTenantId(UUID id, UUID tenantId);
}
