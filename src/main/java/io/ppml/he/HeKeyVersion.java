package io.ppml.he;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One version of a {@link HeKey} (a row of {@code he_key_versions}): its public modulus and, for a key the service
 * generated, its private key sealed by {@link HeKeyService} — never p, q, λ or μ in the clear.
 */
@Entity
@Table(name = "he_key_versions")
class HeKeyVersion {

    @EmbeddedId
    private VersionId id;

    @MapsId("keyId")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "key_id")
    private HeKey key;

    @Column(name = "modulus_bits", nullable = false)
    private int modulusBits;

    /** The public modulus n, in decimal. */
    @Column(nullable = false)
    private String modulus;

    /** The private key (p, q), sealed; null for an imported key. */
    @Column(name = "sealed_private")
    private @Nullable String sealedPrivate;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected HeKeyVersion() {
    }

    HeKeyVersion(HeKey key, int version, int modulusBits, String modulus, @Nullable String sealedPrivate,
            Instant now) {
        this.id = new VersionId(version);
        this.key = key;
        this.modulusBits = modulusBits;
        this.modulus = modulus;
        this.sealedPrivate = sealedPrivate;
        this.createdAt = now;
    }

    int version() {
        return id.version;
    }

    int modulusBits() {
        return modulusBits;
    }

    String modulus() {
        return modulus;
    }

    @Nullable String sealedPrivate() {
        return sealedPrivate;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** The primary key (key_id, version); key_id is the owning key's id, filled in by JPA ({@code @MapsId}). */
    @Embeddable
    static class VersionId implements Serializable {

        @Column(name = "key_id")
        private @Nullable UUID keyId;

        @Column(name = "version")
        private int version;

        protected VersionId() {
        }

        VersionId(int version) {
            this.version = version;
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof VersionId that && Objects.equals(keyId, that.keyId) && version == that.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyId, version);
        }
    }
}
