package io.ppml.tenant;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** An API key as stored: never the secret, only its keyed hash and a short prefix for display. */
@Entity
@Table(name = "api_keys")
class ApiKey {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 100)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;

    @Column(name = "secret_prefix", nullable = false, length = 16)
    private String secretPrefix;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private @Nullable Instant lastUsedAt;

    @Column(name = "revoked_at")
    private @Nullable Instant revokedAt;

    @SuppressWarnings("NullAway.Init")
    protected ApiKey() {
    }

    ApiKey(UUID id, UUID tenantId, String name, Role role, String secretHash, String secretPrefix, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.role = role;
        this.secretHash = secretHash;
        this.secretPrefix = secretPrefix;
        this.createdAt = now;
    }

    UUID id() {
        return id;
    }

    UUID tenantId() {
        return tenantId;
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    String secretHash() {
        return secretHash;
    }

    String secretPrefix() {
        return secretPrefix;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Nullable Instant lastUsedAt() {
        return lastUsedAt;
    }

    @Nullable Instant revokedAt() {
        return revokedAt;
    }

    boolean isActive() {
        return revokedAt == null;
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }
}
