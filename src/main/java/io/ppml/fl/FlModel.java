package io.ppml.fl;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import io.ppml.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * One version of a task's global model, as little-endian float32 bytes. Written once and never changed
 * ({@link Immutable}: Hibernate keeps no snapshot of the megabytes to dirty-check); a release writes the next version
 * and deletes the older ones.
 */
@Entity
@Immutable
@Table(name = "fl_models")
class FlModel extends AssignedIdEntity<FlModel.Key> {

    @Embeddable
    record Key(@Column(name = "task_id") UUID taskId, @Column(name = "version") int version) implements Serializable {
    }

    @EmbeddedId
    private Key key;

    /** The round whose aggregation made this version; 0 for the initial model. */
    @Column(nullable = false)
    private int round;

    @Column(nullable = false)
    private byte[] weights;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected FlModel() {
    }

    FlModel(UUID taskId, int version, int round, byte[] weights, Instant createdAt) {
        this.key = new Key(taskId, version);
        this.round = round;
        this.weights = weights;
        this.createdAt = createdAt;
    }

    @Override
    public Key getId() {
        return key;
    }

    int version() {
        return key.version();
    }

    int round() {
        return round;
    }

    /** The float32 little-endian bytes; not copied (the entity is immutable and never handed out). */
    byte[] weights() {
        return weights;
    }

    Instant createdAt() {
        return createdAt;
    }
}
