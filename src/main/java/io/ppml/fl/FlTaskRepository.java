package io.ppml.fl;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

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

    List<FlTask> findByTenantIdOrderByCreatedAtDesc(UUID tenantId, Limit limit);

    /** Tasks in {@code status} whose round deadline is at or before {@code now}, earliest first (for the sweeper). */
    List<FlTask> findByStatusAndRoundDeadlineLessThanEqualOrderByRoundDeadline(FlTask.Status status, Instant now,
            Limit limit);
}
