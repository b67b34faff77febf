package io.ppml.smpc;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.ppml.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One contributor's share as this node stored it: sealed (AES-GCM, bound to tenant, session and submissionId), with
 * the contributor's commitments when the session verifies, and the API key that submitted it — null for submissions
 * stored before migration V9, which stay replayable by any key.
 */
@Entity
@Table(name = "smpc_submissions")
@IdClass(Submission.Key.class)
class Submission extends AssignedIdEntity<Submission.Key> {

    /** The primary key: a submissionId names one submission within one session. */
    static final class Key implements Serializable {

        private @Nullable UUID sessionPk;
        private @Nullable String submissionId;

        Key() {
        }

        Key(UUID sessionPk, String submissionId) {
            this.sessionPk = sessionPk;
            this.submissionId = submissionId;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Key k && Objects.equals(sessionPk, k.sessionPk)
                    && Objects.equals(submissionId, k.submissionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionPk, submissionId);
        }
    }

    @Id
    @Column(name = "session_pk", nullable = false, updatable = false)
    private UUID sessionPk;

    @Id
    @Column(name = "submission_id", nullable = false, updatable = false, length = 100)
    private String submissionId;

    @Column(name = "contributor_id", nullable = false, updatable = false, length = 100)
    private String contributorId;

    @Column(name = "key_id", updatable = false)
    private @Nullable UUID keyId;

    /** Base64 of the sealed JSON share. */
    @Column(name = "sealed_share", nullable = false, updatable = false, columnDefinition = "text")
    private String sealedShare;

    /** The contributor's commitments as comma-separated hex points; null without verification. */
    @Column(updatable = false, columnDefinition = "text")
    private @Nullable String commitments;

    @Column(nullable = false, updatable = false)
    private boolean verified;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected Submission() {
    }

    Submission(UUID sessionPk, String submissionId, String contributorId, UUID keyId, String sealedShare,
            @Nullable String commitments, boolean verified, Instant now) {
        this.sessionPk = sessionPk;
        this.submissionId = submissionId;
        this.contributorId = contributorId;
        this.keyId = keyId;
        this.sealedShare = sealedShare;
        this.commitments = commitments;
        this.verified = verified;
        this.createdAt = now;
    }

    @Override
    public Key getId() {
        return new Key(sessionPk, submissionId);
    }

    String submissionId() {
        return submissionId;
    }

    String contributorId() {
        return contributorId;
    }

    @Nullable UUID keyId() {
        return keyId;
    }

    String sealedShare() {
        return sealedShare;
    }

    @Nullable String commitments() {
        return commitments;
    }

    boolean verified() {
        return verified;
    }
}
