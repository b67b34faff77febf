package io.ppml.fl;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface FlUpdateRepository extends JpaRepository<FlUpdate, UUID> {

    Optional<FlUpdate> findByTaskIdAndRoundAndClientId(UUID taskId, int round, String clientId);

    List<FlUpdate> findByTaskIdAndRoundOrderByCreatedAtAscIdAsc(UUID taskId, int round);

    /** Drops every update of the task's round (aggregated, retried or stopped). */
    @Modifying(flushAutomatically = true)
    @Query("delete from FlUpdate u where u.taskId = :taskId and u.round = :round")
    int deleteRound(UUID taskId, int round);
}
