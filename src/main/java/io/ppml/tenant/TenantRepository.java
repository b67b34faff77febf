package io.ppml.tenant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TenantRepository extends JpaRepository<Tenant, UUID> {

    boolean existsByName(String name);

    /** The first tenants in creation order. */
    List<Tenant> findAllByOrderByCreatedAtAscIdAsc(Limit limit);

    /** The tenants that follow the one created at {@code at} with {@code id}, in creation order. */
    @Query("select t from Tenant t where t.createdAt >= :at and (t.createdAt > :at or t.id > :id)"
            + " order by t.createdAt, t.id")
    List<Tenant> findAfter(Instant at, UUID id, Limit limit);
}
