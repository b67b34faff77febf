package io.ppml.he;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface HeKeyRepository extends JpaRepository<HeKey, UUID> {

    Optional<HeKey> findByTenantIdAndName(UUID tenantId, String name);

    /** The key, its row locked until the transaction ends: rotation, policy changes and deletion serialise on it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<HeKey> findLockedByTenantIdAndName(UUID tenantId, String name);

    boolean existsByTenantIdAndName(UUID tenantId, String name);

    /**
     * The tenant's first keys by name. Their versions are not fetched in the same query (a join would make the
     * database return a row per version, and the limit could only be applied in memory): {@link HeKey#versions}
     * loads them for many keys at once.
     */
    List<HeKey> findByTenantIdOrderByName(UUID tenantId, Limit limit);

    /** The tenant's keys whose names sort after {@code name}, by name; versions as above. */
    List<HeKey> findByTenantIdAndNameGreaterThanOrderByName(UUID tenantId, String name, Limit limit);
}
