package io.ppml.smpc;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface SmpcSessionRepository extends JpaRepository<SmpcSession, UUID> {

    Optional<SmpcSession> findByTenantIdAndSessionId(UUID tenantId, String sessionId);

    /**
     * The session under its row lock, held to the end of the transaction: every submission and the close take it
     * first, so racing requests are decided one after the other on the committed state.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<SmpcSession> findLockedByTenantIdAndSessionId(UUID tenantId, String sessionId);
}
