package io.ppml.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.ppml.crypto.SecretTokens;
import io.ppml.persistence.Idempotency;
import io.ppml.persistence.Rows;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.TenantDtos.ApiKeyView;
import io.ppml.tenant.TenantDtos.CreateKeyRequest;
import io.ppml.tenant.TenantDtos.IssuedKey;
import io.ppml.web.Cursor;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, revokes and authenticates API keys. */
@Service
class ApiKeyService {

    /** {@code lastUsedAt} is written at most this often per key, so authentication rarely writes. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final Cursor<Cursor.Created> CURSOR = Cursor.byCreation("api-keys");

    private final ApiKeyRepository keys;
    private final SecretHasher hasher;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final Idempotency idempotency;

    ApiKeyService(ApiKeyRepository keys, SecretHasher hasher, Clock clock, JdbcClient jdbc, Idempotency idempotency) {
        this.keys = keys;
        this.hasher = hasher;
        this.clock = clock;
        this.jdbc = jdbc;
        this.idempotency = idempotency;
    }

    /**
     * Issues a key in the caller's tenant, once per {@code idempotencyKey}: a retry returns the same key and secret
     * (sealed at rest, see {@link Idempotency}). The transaction is the idempotency record's.
     */
    Idempotency.Outcome<IssuedKey> create(Caller caller, CreateKeyRequest request, @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey, "POST /v1/keys",
                request), IssuedKey.class, () -> issue(caller.tenantId(), request.name(), request.role()));
    }

    /** A new key, with its secret (shown once), in the caller's transaction: a new tenant's, or {@link #create}'s. */
    @Transactional
    IssuedKey issue(UUID tenantId, String name, Role role) {
        String secret = SecretTokens.generate(SecretHasher.API_KEY_PREFIX, SecretHasher.SECRET_LENGTH);
        String prefix = secret.substring(0, SecretHasher.DISPLAY_PREFIX_LENGTH);
        ApiKey key = keys.save(new ApiKey(UUID.randomUUID(), tenantId, name.strip(), role, hasher.hash(secret),
                prefix, clock.instant()));
        return new IssuedKey(key.id(), key.name(), key.role(), secret, prefix, key.createdAt());
    }

    /** One page of the tenant's keys, revoked ones included, in creation order. */
    @Transactional(readOnly = true)
    Items<ApiKeyView> list(UUID tenantId, Paging paging) {
        return paging.page(CURSOR, (after, limit) -> after == null
                ? keys.findByTenantIdOrderByCreatedAtAscIdAsc(tenantId, limit)
                : keys.findByTenantIdAfter(tenantId, after.at(), after.id(), limit),
                key -> new Cursor.Created(key.createdAt(), key.id()), ApiKeyView::of);
    }

    /** Revokes at once; revoking a revoked key changes nothing. Keys of other tenants are not found. */
    @Transactional
    void revoke(UUID tenantId, UUID keyId) {
        ApiKey key = keys.findByIdAndTenantId(keyId, tenantId)
                .orElseThrow(() -> Refusal.notFound("There is no API key " + keyId + "."));
        key.revoke(clock.instant());
    }

    /**
     * The caller behind {@code secret}, if it is an active key. The lookup is by keyed hash, so the database index
     * never sees anything that depends on the secret in a guessable way; the final comparison is constant-time.
     * It runs on every request, so it is one plain SQL statement (no ORM session or transaction around it), and
     * {@code lastUsedAt} is written at most once per {@link #LAST_USED_RESOLUTION}.
     */
    Optional<Caller> authenticate(String secret) {
        if (!SecretTokens.hasShape(secret, SecretHasher.API_KEY_PREFIX)) {
            return Optional.empty();
        }
        String hash = hasher.hash(secret);
        return jdbc.sql("""
                select id, tenant_id, role, secret_hash, last_used_at from api_keys
                where secret_hash = :hash and revoked_at is null""")
                .param("hash", hash)
                .query((rs, n) -> new ActiveKey(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                        Role.valueOf(rs.getString("role")), rs.getString("secret_hash"),
                        Rows.nullableInstant(rs, "last_used_at")))
                .optional()
                .filter(key -> hasher.matches(secret, key.secretHash()))
                .map(key -> {
                    Instant now = clock.instant();
                    Instant threshold = now.minus(LAST_USED_RESOLUTION);
                    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(threshold)) {
                        jdbc.sql("""
                                update api_keys set last_used_at = :now
                                where id = :id and (last_used_at is null or last_used_at < :threshold)""")
                                .param("now", Rows.utc(now)).param("id", key.id())
                                .param("threshold", Rows.utc(threshold)).update();
                    }
                    return new Caller(key.tenantId(), key.id(), key.role());
                });
    }

    private record ActiveKey(UUID id, UUID tenantId, Role role, String secretHash, @Nullable Instant lastUsedAt) {
    }
}
