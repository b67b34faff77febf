package io.ppml.he;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.ppml.he.HeDtos.Scheme;
import io.ppml.web.Paging;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.BatchSize;
import org.jspecify.annotations.Nullable;

/**
 * A named key of one tenant (a row of {@code he_keys}), with its versions: the aggregate that rotation, the
 * decryption floor and deletion change together. Version numbers run from 1 to {@link #latestVersion()} without gaps.
 */
@Entity
@Table(name = "he_keys")
class HeKey {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private @Nullable UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 100)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Scheme scheme;

    /** A client-held key: the service stores only its public key, so it can compute under it but never decrypt. */
    @Column(nullable = false)
    private boolean imported;

    @Column(name = "latest_version", nullable = false)
    private int latestVersion;

    @Column(name = "min_decryption_version", nullable = false)
    private int minDecryptionVersion;

    @Column(name = "deletion_allowed", nullable = false)
    private boolean deletionAllowed;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    // a page of keys loads the versions of up to a page's keys in one query, not one query per key
    @OneToMany(mappedBy = "key", cascade = CascadeType.ALL)
    @OrderBy("id.version")
    @BatchSize(size = Paging.MAX_LIMIT)
    private List<HeKeyVersion> versions = new ArrayList<>();

    @SuppressWarnings("NullAway.Init")
    protected HeKey() {
    }

    /** A new key whose version 1 has the given material. */
    HeKey(UUID tenantId, String name, boolean imported, int modulusBits, String modulus,
            @Nullable String sealedPrivate, Instant now) {
        this.tenantId = tenantId;
        this.name = name;
        this.scheme = Scheme.PAILLIER;
        this.imported = imported;
        this.latestVersion = 0;
        this.minDecryptionVersion = 1;
        this.deletionAllowed = false;
        this.createdAt = now;
        this.updatedAt = now;
        addVersion(modulusBits, modulus, sealedPrivate, now);
    }

    /** Adds the next version and makes it the latest. */
    final void addVersion(int modulusBits, String modulus, @Nullable String sealedPrivate, Instant now) {
        latestVersion++;
        versions.add(new HeKeyVersion(this, latestVersion, modulusBits, modulus, sealedPrivate, now));
        updatedAt = now;
    }

    void changePolicy(int minDecryptionVersion, boolean deletionAllowed, Instant now) {
        this.minDecryptionVersion = minDecryptionVersion;
        this.deletionAllowed = deletionAllowed;
        this.updatedAt = now;
    }

    /** The key's id; assigned when it is first saved. */
    UUID id() {
        if (id == null) {
            throw new IllegalStateException("the key has not been saved yet");
        }
        return id;
    }

    String name() {
        return name;
    }

    Scheme scheme() {
        return scheme;
    }

    boolean imported() {
        return imported;
    }

    int latestVersion() {
        return latestVersion;
    }

    int minDecryptionVersion() {
        return minDecryptionVersion;
    }

    boolean deletionAllowed() {
        return deletionAllowed;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Every version, oldest first. */
    List<HeKeyVersion> versions() {
        return List.copyOf(versions);
    }

    /** Version {@code version}, which must lie between 1 and {@link #latestVersion()}. */
    HeKeyVersion version(int version) {
        return versions.get(version - 1);
    }
}
