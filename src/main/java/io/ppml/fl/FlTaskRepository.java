package io.ppml.fl;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface FlTaskRepository extends JpaRepository<FlTask, UUID> {

    Optional<FlTask> findByIdAndTenantId(UUID id, UUID tenantId);

    boolean existsByTenantIdAndName(UUID tenantId, String name);

    /**
     * The task under its row lock, held to the end of the transaction: every update and every round transition takes
     * it first, so racing updates — from any thread or instance sharing the database — are decided one after the
     * other, and each round is aggregated exactly once.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<FlTask> findLockedByIdAndTenantId(UUID id, UUID tenantId);

    /** The tenant's newest tasks. */
    List<FlTask> findByTenantIdOrderByCreatedAtDescIdDesc(UUID tenantId, Limit limit);

    /** The tenant's tasks that follow, newest first, the one created at {@code at} with {@code id}. */
    @Query("select t from FlTask t where t.tenantId = :tenantId and t.createdAt <= :at"
            + " and (t.createdAt < :at or t.id < :id) order by t.createdAt desc, t.id desc")
    List<FlTask> findByTenantIdBefore(UUID tenantId, Instant at, UUID id, Limit limit);

    /** Tasks in {@code status} whose round deadline is at or before {@code now}, earliest first (for the sweeper). */
    List<FlTask> findByStatusAndRoundDeadlineLessThanEqualOrderByRoundDeadline(FlTask.Status status, Instant now,
            Limit limit);
}
