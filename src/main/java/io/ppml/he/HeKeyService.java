package io.ppml.he;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.he.HeDtos.CreateKeyRequest;
import io.ppml.he.HeDtos.ImportKeyRequest;
import io.ppml.he.HeDtos.KeyVersionView;
import io.ppml.he.HeDtos.KeyView;
import io.ppml.he.HeDtos.PatchKeyRequest;
import io.ppml.he.core.HeException;
import io.ppml.he.core.PaillierPrivateKey;
import io.ppml.he.core.PaillierPublicKey;
import io.ppml.he.core.PrimeSource;
import io.ppml.persistence.Idempotency;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;
import io.ppml.web.Cursor;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named, versioned Paillier keys per tenant (Vault Transit is the model): the transaction owner of the key
 * endpoints, and the one place that opens a sealed private key.
 *
 * <p>Private keys are sealed with AES-256-GCM under a key derived from the master key, with tenant, key name and
 * version as associated data, so a sealed key moved to another row does not open. Unsealed keys are kept in a small
 * in-memory cache (keyed by key id and version, so a rotation or deletion never serves a stale key): encryption for
 * held keys needs p and q (CRT), and building the fixed-base tables of an imported key is worth doing once.
 *
 * <p>New keys and versions take their primes from the {@link PrimeSource} of {@link HePrimePoolConfiguration}: a
 * pool of primes made ahead of time, so that neither a request nor a rotation (which holds the key's row lock)
 * waits seconds for a prime search.
 *
 * <p>Creating and importing a key are idempotent ({@code Idempotency-Key}); rotation, policy changes and deletion
 * lock the key's row, so concurrent ones apply one after the other.
 */
@Service
class HeKeyService {

    private static final Cursor<String> CURSOR = Cursor.byName("he-keys");

    private static final int CACHE_SIZE = 256;

    private final HeKeyRepository keys;
    private final Idempotency idempotency;
    private final Aead seal;
    private final Clock clock;
    private final PrimeSource primes;
    private final HeMetrics metrics;
    private final Map<String, LoadedVersion> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LoadedVersion> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    HeKeyService(HeKeyRepository keys, Idempotency idempotency, MasterKey masterKey, Clock clock,
            HeMetrics metrics, PrimeSource hePrimeSource) {
        this.keys = keys;
        this.idempotency = idempotency;
        this.seal = masterKey.aead("he-private-keys");
        this.clock = clock;
        this.primes = hePrimeSource;
        this.metrics = metrics;
    }

    /** A key version ready to use: its public key, and its private key when the service holds it. */
    record LoadedVersion(UUID keyId, String name, int version, PaillierPublicKey publicKey,
            @Nullable PaillierPrivateKey privateKey) {

        /** The private key of a version from {@link #decryptionKey}, which refuses keys the service does not hold. */
        PaillierPrivateKey requirePrivateKey() {
            if (privateKey == null) {
                throw new IllegalStateException("key '" + name + "' v" + version + " has no private key here");
            }
            return privateKey;
        }
    }

    Idempotency.Outcome<KeyView> create(Caller caller, CreateKeyRequest request, @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey, "POST /v1/he/keys",
                request), KeyView.class, () -> metrics.time("keygen", () -> {
                    int bits = request.modulusBits();
                    if (bits != 2048 && bits != 3072) {
                        throw Refusal.invalid("modulusBits", "must be 2048 or 3072");
                    }
                    PaillierPrivateKey key = PaillierPrivateKey.generate(bits, primes);
                    return view(insert(caller.tenantId(), request.name(), key.publicKey(), key));
                }));
    }

    Idempotency.Outcome<KeyView> importPublic(Caller caller, ImportKeyRequest request,
            @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(caller.idempotencyScope(), idempotencyKey,
                "POST /v1/he/keys/import", request), KeyView.class, () -> metrics.time("import", () -> {
                    PaillierPublicKey key;
                    try {
                        key = PaillierPublicKey.fromJwk(request.publicKey());
                    } catch (HeException e) {
                        throw e.naming("publicKey");
                    }
                    return view(insert(caller.tenantId(), request.name(), key, null));
                }));
    }

    @Transactional
    KeyView rotate(UUID tenantId, String name) {
        return metrics.time("rotate", () -> rotateTimed(tenantId, name));
    }

    private KeyView rotateTimed(UUID tenantId, String name) {
        HeKey key = locked(tenantId, name);
        if (key.imported()) {
            throw Refusal.conflict("Key '" + name + "' was imported: rotate it where its private key "
                    + "lives and import the new public key under a new name.");
        }
        PaillierPrivateKey next = PaillierPrivateKey.generate(key.version(key.latestVersion()).modulusBits(), primes);
        int version = key.latestVersion() + 1;
        key.addVersion(next.publicKey().modulusBits(), next.publicKey().modulus().toString(),
                sealed(tenantId, name, version, next), clock.instant());
        return view(key);
    }

    @Transactional
    KeyView update(UUID tenantId, String name, PatchKeyRequest request) {
        HeKey key = locked(tenantId, name);
        int min = request.minDecryptionVersion() == null ? key.minDecryptionVersion()
                : request.minDecryptionVersion();
        if (min < 1 || min > key.latestVersion()) {
            throw Refusal.invalid("minDecryptionVersion", "must be between 1 and the latest version "
                    + key.latestVersion());
        }
        boolean deletable = request.deletionAllowed() == null ? key.deletionAllowed() : request.deletionAllowed();
        key.changePolicy(min, deletable, clock.instant());
        return view(key);
    }

    @Transactional
    void delete(UUID tenantId, String name) {
        HeKey key = locked(tenantId, name);
        if (!key.deletionAllowed()) {
            throw Refusal.conflict("Key '" + name + "' may not be deleted: set deletionAllowed first "
                    + "(everything encrypted under it becomes undecryptable).");
        }
        keys.delete(key);
        cache.keySet().removeIf(k -> k.startsWith(key.id() + ":"));
    }

    /** One page of the tenant's keys, by name (the name is how every other endpoint addresses a key). */
    @Transactional(readOnly = true)
    Items<KeyView> list(UUID tenantId, Paging paging) {
        return paging.page(CURSOR, (after, limit) -> after == null ? keys.findByTenantIdOrderByName(tenantId, limit)
                : keys.findByTenantIdAndNameGreaterThanOrderByName(tenantId, after, limit),
                HeKey::name, HeKeyService::view);
    }

    @Transactional(readOnly = true)
    KeyView get(UUID tenantId, String name) {
        return view(find(tenantId, name));
    }

    /**
     * A key version for encryption and computation; {@code version} null means the latest. A read of its own, so
     * that callers hold no database connection while they compute.
     */
    @Transactional(readOnly = true)
    LoadedVersion load(UUID tenantId, String name, @Nullable Integer version) {
        return load(tenantId, find(tenantId, name), version);
    }

    /**
     * A key version whose private key decrypts: refused (409) for an imported key, whose private key the service
     * never held, and for a version below the key's {@code minDecryptionVersion}.
     */
    @Transactional(readOnly = true)
    LoadedVersion decryptionKey(UUID tenantId, String name, int version) {
        HeKey key = find(tenantId, name);
        if (key.imported()) {
            throw Refusal.conflict("Key '" + name + "' was imported: the service holds "
                    + "only its public key and can never decrypt under it.");
        }
        if (version < key.minDecryptionVersion()) {
            throw Refusal.conflict("Version " + version + " of key '" + name
                    + "' is below its minDecryptionVersion " + key.minDecryptionVersion()
                    + ": it no longer decrypts.");
        }
        return load(tenantId, key, version);
    }

    private LoadedVersion load(UUID tenantId, HeKey key, @Nullable Integer version) {
        int v = version == null ? key.latestVersion() : version;
        if (v < 1 || v > key.latestVersion()) {
            throw Refusal.invalid("version", "key '" + key.name() + "' has versions 1 to "
                    + key.latestVersion());
        }
        String cacheKey = key.id() + ":" + v;
        LoadedVersion cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        HeKeyVersion stored = key.version(v);
        String sealedPrivate = stored.sealedPrivate();
        LoadedVersion loaded;
        if (sealedPrivate == null) {
            loaded = new LoadedVersion(key.id(), key.name(), v,
                    PaillierPublicKey.of(new BigInteger(stored.modulus())), null);
        } else {
            byte[] plain = seal.decrypt(Base64.getDecoder().decode(sealedPrivate),
                    associatedData(tenantId, key.name(), v));
            PaillierPrivateKey privateKey = PaillierPrivateKey.fromBytes(plain);
            Arrays.fill(plain, (byte) 0);
            loaded = new LoadedVersion(key.id(), key.name(), v, privateKey.publicKey(), privateKey);
        }
        cache.put(cacheKey, loaded);
        return loaded;
    }

    /** The key, or 404 — also for another tenant's key, which is indistinguishable from a missing one. */
    private HeKey find(UUID tenantId, String name) {
        return keys.findByTenantIdAndName(tenantId, name).orElseThrow(() -> notFound(name));
    }

    private HeKey locked(UUID tenantId, String name) {
        return keys.findLockedByTenantIdAndName(tenantId, name).orElseThrow(() -> notFound(name));
    }

    private static Refusal notFound(String name) {
        return Refusal.notFound("There is no key '" + name + "'.");
    }

    private HeKey insert(UUID tenantId, String name, PaillierPublicKey publicKey,
            @Nullable PaillierPrivateKey privateKey) {
        if (keys.existsByTenantIdAndName(tenantId, name)) {
            throw taken(name);
        }
        HeKey key = new HeKey(tenantId, name, privateKey == null, publicKey.modulusBits(),
                publicKey.modulus().toString(), privateKey == null ? null : sealed(tenantId, name, 1, privateKey),
                clock.instant());
        try {
            return keys.saveAndFlush(key);
        } catch (DataIntegrityViolationException raced) {
            throw taken(name);
        }
    }

    private static Refusal taken(String name) {
        return Refusal.conflict("A key named '" + name + "' already exists.");
    }

    private String sealed(UUID tenantId, String name, int version, PaillierPrivateKey privateKey) {
        byte[] plain = privateKey.toBytes();
        try {
            return Base64.getEncoder().encodeToString(seal.encrypt(plain, associatedData(tenantId, name, version)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Binds a sealed private key to its row; unchanged since the first key was sealed, so every stored key opens. */
    private static byte[] associatedData(UUID tenantId, String name, int version) {
        return ("he-private-key\0" + tenantId + "\0" + name + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static KeyView view(HeKey key) {
        List<KeyVersionView> versions = key.versions().stream().map(v -> new KeyVersionView(v.version(),
                v.modulusBits(), jwk(new BigInteger(v.modulus()), kid(key.name(), v.version())), v.createdAt()))
                .toList();
        return new KeyView(key.name(), key.scheme(), key.imported(), key.latestVersion(),
                key.minDecryptionVersion(), key.deletionAllowed(), versions.get(versions.size() - 1).publicKey(),
                versions, key.createdAt());
    }

    /** python-paillier's JWK of modulus n (pheutil's shape: n base64url without padding, big-endian). */
    private static Map<String, Object> jwk(BigInteger n, String kid) {
        byte[] bytes = n.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "DAJ");
        jwk.put("alg", "PAI-GN1");
        jwk.put("key_ops", List.of("encrypt"));
        jwk.put("kid", kid);
        jwk.put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(
                Arrays.copyOfRange(bytes, skip, bytes.length)));
        return jwk;
    }

    private static String kid(String name, int version) {
        return name + "/v" + version;
    }
}
