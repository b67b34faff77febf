package io.ppml.he;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface HeKeyRepository extends JpaRepository<HeKey, UUID> {

    Optional<HeKey> findByTenantIdAndName(UUID tenantId, String name);

    /** The key, its row locked until the transaction ends: rotation, policy changes and deletion serialise on it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<HeKey> findLockedByTenantIdAndName(UUID tenantId, String name);

    boolean existsByTenantIdAndName(UUID tenantId, String name);

    /** A tenant's keys with their versions, in one query. */
    @EntityGraph(attributePaths = "versions")
    List<HeKey> findByTenantIdOrderByCreatedAtAsc(UUID tenantId);
}
