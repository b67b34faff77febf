package io.ppml.fl;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface FlModelRepository extends JpaRepository<FlModel, FlModel.Key> {

    /** Deletes the task's model versions older than {@code version}. */
    @Modifying(flushAutomatically = true)
    @Query("delete from FlModel m where m.key.taskId = :taskId and m.key.version < :version")
    int deleteOlder(UUID taskId, int version);

    default Optional<FlModel> find(UUID taskId, int version) {
        return findById(new FlModel.Key(taskId, version));
    }
}
