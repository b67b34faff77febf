package io.ppml.fl;

import java.time.Instant;
import java.util.UUID;

import io.ppml.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * One client's update to one round, sealed ({@link UpdateSeal}). Kept until its round is aggregated or retried.
 */
@Entity
@Immutable
@Table(name = "fl_updates")
class FlUpdate extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(name = "task_id", nullable = false)
    private UUID taskId;

    @Column(nullable = false)
    private int round;

    @Column(name = "client_id", nullable = false, length = 100)
    private String clientId;

    @Column(name = "key_id")
    private @Nullable UUID keyId;

    @Column(name = "num_examples", nullable = false)
    private long numExamples;

    @Column(nullable = false, length = 64)
    private String digest;

    @Column(name = "sealed_delta", nullable = false)
    private byte[] sealedDelta;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected FlUpdate() {
    }

    FlUpdate(UUID id, UUID taskId, int round, String clientId, @Nullable UUID keyId, long numExamples, String digest,
            byte[] sealedDelta, Instant createdAt) {
        this.id = id;
        this.taskId = taskId;
        this.round = round;
        this.clientId = clientId;
        this.keyId = keyId;
        this.numExamples = numExamples;
        this.digest = digest;
        this.sealedDelta = sealedDelta;
        this.createdAt = createdAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID taskId() {
        return taskId;
    }

    int round() {
        return round;
    }

    String clientId() {
        return clientId;
    }

    @Nullable UUID keyId() {
        return keyId;
    }

    long numExamples() {
        return numExamples;
    }

    String digest() {
        return digest;
    }

    byte[] sealedDelta() {
        return sealedDelta;
    }
}
