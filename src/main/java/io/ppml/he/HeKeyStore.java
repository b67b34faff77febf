package io.ppml.he;

import io.ppml.refusal.Refusal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.he.HeDtos.KeyVersionView;
import io.ppml.he.HeDtos.KeyView;
import io.ppml.he.HeDtos.Scheme;
import io.ppml.he.core.HeException;
import io.ppml.he.core.PaillierPrivateKey;
import io.ppml.he.core.PaillierPublicKey;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named, versioned Paillier keys per tenant. Private keys are sealed with AES-256-GCM under a key derived from the
 * master key, with tenant, key name and version as associated data, so a sealed key moved to another row does not
 * open. Unsealed keys are kept in a small in-memory cache (keyed by key id and version, so a rotation or deletion
 * never serves a stale key): encryption for held keys needs p and q (CRT), and building the fixed-base tables of
 * an imported key is worth doing once.
 */
@Component
class HeKeyStore {

    private static final int CACHE_SIZE = 256;

    private final JdbcClient jdbc;
    private final Aead seal;
    private final Clock clock;
    private final Map<String, LoadedVersion> cache = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, LoadedVersion> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    HeKeyStore(JdbcClient jdbc, MasterKey masterKey, Clock clock) {
        this.jdbc = jdbc;
        this.seal = masterKey.aead("he-private-keys");
        this.clock = clock;
    }

    /** A key version ready to use: its public key, and its private key when the service holds it. */
    record LoadedVersion(UUID keyId, String name, int version, PaillierPublicKey publicKey,
            @Nullable PaillierPrivateKey privateKey) {
    }

    /** The key's row: what is needed to check versions and permissions. */
    record KeyRow(UUID id, String name, boolean imported, int latestVersion, int minDecryptionVersion,
            boolean deletionAllowed, Instant createdAt) {
    }

    @Transactional
    KeyView create(UUID tenantId, String name, int modulusBits) {
        if (modulusBits != 2048 && modulusBits != 3072) {
            throw Refusal.invalid("modulusBits", "must be 2048 or 3072");
        }
        PaillierPrivateKey key = PaillierPrivateKey.generate(modulusBits);
        UUID id = insertKey(tenantId, name, false);
        insertVersion(tenantId, id, name, 1, key.publicKey(), key);
        return view(tenantId, name);
    }

    @Transactional
    KeyView importPublic(UUID tenantId, String name, Map<String, Object> jwk) {
        PaillierPublicKey key;
        try {
            key = PaillierPublicKey.fromJwk(jwk);
        } catch (HeException e) {
            throw Refusal.invalid("publicKey", e.getMessage());
        }
        UUID id = insertKey(tenantId, name, true);
        insertVersion(tenantId, id, name, 1, key, null);
        return view(tenantId, name);
    }

    @Transactional
    KeyView rotate(UUID tenantId, String name) {
        KeyRow row = lockedRow(tenantId, name);
        if (row.imported()) {
            throw Refusal.conflict("Key '" + name + "' was imported: rotate it where its private key "
                    + "lives and import the new public key under a new name.");
        }
        int bits = jdbc.sql("select modulus_bits from he_key_versions where key_id = :id and version = :v")
                .param("id", row.id()).param("v", row.latestVersion()).query(Integer.class).single();
        PaillierPrivateKey key = PaillierPrivateKey.generate(bits);
        int version = row.latestVersion() + 1;
        insertVersion(tenantId, row.id(), name, version, key.publicKey(), key);
        jdbc.sql("update he_keys set latest_version = :v, updated_at = :now where id = :id").param("v", version)
                .param("now", utc(clock.instant())).param("id", row.id()).update();
        return view(tenantId, name);
    }

    @Transactional
    KeyView update(UUID tenantId, String name, @Nullable Integer minDecryptionVersion,
            @Nullable Boolean deletionAllowed) {
        KeyRow row = lockedRow(tenantId, name);
        int min = minDecryptionVersion == null ? row.minDecryptionVersion() : minDecryptionVersion;
        if (min < 1 || min > row.latestVersion()) {
            throw Refusal.invalid("minDecryptionVersion", "must be between 1 and the latest version "
                    + row.latestVersion());
        }
        boolean deletable = deletionAllowed == null ? row.deletionAllowed() : deletionAllowed;
        jdbc.sql("""
                update he_keys set min_decryption_version = :min, deletion_allowed = :deletable, updated_at = :now
                where id = :id""").param("min", min).param("deletable", deletable)
                .param("now", utc(clock.instant())).param("id", row.id()).update();
        return view(tenantId, name);
    }

    @Transactional
    void delete(UUID tenantId, String name) {
        KeyRow row = lockedRow(tenantId, name);
        if (!row.deletionAllowed()) {
            throw Refusal.conflict("Key '" + name + "' may not be deleted: set deletionAllowed first "
                    + "(everything encrypted under it becomes undecryptable).");
        }
        jdbc.sql("delete from he_keys where id = :id").param("id", row.id()).update();
        cache.keySet().removeIf(k -> k.startsWith(row.id() + ":"));
    }

    @Transactional(readOnly = true)
    List<KeyView> list(UUID tenantId) {
        List<String> names = jdbc.sql("select name from he_keys where tenant_id = :tenant order by created_at")
                .param("tenant", tenantId).query(String.class).list();
        List<KeyView> views = new ArrayList<>();
        for (String name : names) {
            views.add(view(tenantId, name));
        }
        return views;
    }

    @Transactional(readOnly = true)
    KeyView view(UUID tenantId, String name) {
        KeyRow row = row(tenantId, name, "");
        List<KeyVersionView> versions = jdbc.sql("""
                select version, modulus_bits, modulus, created_at from he_key_versions where key_id = :id
                order by version""").param("id", row.id())
                .query((rs, n) -> new KeyVersionView(rs.getInt(1), rs.getInt(2),
                        jwk(new BigInteger(rs.getString(3)), kid(name, rs.getInt(1))),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
        return new KeyView(name, Scheme.PAILLIER, row.imported(), row.latestVersion(), row.minDecryptionVersion(),
                row.deletionAllowed(), versions.get(versions.size() - 1).publicKey(), versions, row.createdAt());
    }

    /** The key row, or 404 — also for another tenant's key, which is indistinguishable from a missing one. */
    KeyRow row(UUID tenantId, String name) {
        return row(tenantId, name, "");
    }

    /** A key version for use; {@code version} null means the latest. */
    LoadedVersion load(UUID tenantId, String name, @Nullable Integer version) {
        KeyRow row = row(tenantId, name);
        int v = version == null ? row.latestVersion() : version;
        if (v < 1 || v > row.latestVersion()) {
            throw Refusal.invalid("version", "key '" + name + "' has versions 1 to "
                    + row.latestVersion());
        }
        String cacheKey = row.id() + ":" + v;
        LoadedVersion cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        record Stored(String modulus, @Nullable String sealed) {
        }
        Stored stored = jdbc.sql("select modulus, sealed_private from he_key_versions where key_id = :id and "
                + "version = :v").param("id", row.id()).param("v", v)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2))).single();
        LoadedVersion loaded;
        if (stored.sealed() == null) {
            loaded = new LoadedVersion(row.id(), name, v, PaillierPublicKey.of(new BigInteger(stored.modulus())), null);
        } else {
            byte[] plain = seal.decrypt(Base64.getDecoder().decode(stored.sealed()), associatedData(tenantId, name, v));
            PaillierPrivateKey key = PaillierPrivateKey.fromBytes(plain);
            java.util.Arrays.fill(plain, (byte) 0);
            loaded = new LoadedVersion(row.id(), name, v, key.publicKey(), key);
        }
        cache.put(cacheKey, loaded);
        return loaded;
    }

    /** python-paillier's JWK of modulus n (pheutil's shape: n base64url without padding, big-endian). */
    static Map<String, Object> jwk(BigInteger n, String kid) {
        byte[] bytes = n.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "DAJ");
        jwk.put("alg", "PAI-GN1");
        jwk.put("key_ops", List.of("encrypt"));
        jwk.put("kid", kid);
        jwk.put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.util.Arrays.copyOfRange(bytes, skip, bytes.length)));
        return jwk;
    }

    static String kid(String name, int version) {
        return name + "/v" + version;
    }

    private KeyRow lockedRow(UUID tenantId, String name) {
        return row(tenantId, name, " for update");
    }

    private KeyRow row(UUID tenantId, String name, String lock) {
        return jdbc.sql("""
                select id, name, imported, latest_version, min_decryption_version, deletion_allowed, created_at
                from he_keys where tenant_id = :tenant and name = :name""" + lock)
                .param("tenant", tenantId).param("name", name)
                .query((rs, n) -> new KeyRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                        rs.getInt(4), rs.getInt(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class).toInstant()))
                .optional()
                .orElseThrow(() -> Refusal.notFound("There is no key '" + name + "'."));
    }

    private UUID insertKey(UUID tenantId, String name, boolean imported) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            jdbc.sql("""
                    insert into he_keys (id, tenant_id, name, scheme, imported, latest_version, min_decryption_version,
                        deletion_allowed, created_at, updated_at)
                    values (:id, :tenant, :name, 'PAILLIER', :imported, 1, 1, false, :now, :now)""")
                    .param("id", id).param("tenant", tenantId).param("name", name).param("imported", imported)
                    .param("now", utc(now)).update();
        } catch (DuplicateKeyException taken) {
            throw Refusal.conflict("A key named '" + name + "' already exists.");
        }
        return id;
    }

    private void insertVersion(UUID tenantId, UUID keyId, String name, int version, PaillierPublicKey publicKey,
            @Nullable PaillierPrivateKey privateKey) {
        String sealed = null;
        if (privateKey != null) {
            byte[] plain = privateKey.toBytes();
            sealed = Base64.getEncoder().encodeToString(seal.encrypt(plain,
                    associatedData(tenantId, name, version)));
            java.util.Arrays.fill(plain, (byte) 0);
        }
        jdbc.sql("""
                insert into he_key_versions (key_id, version, modulus_bits, modulus, sealed_private, created_at)
                values (:id, :version, :bits, :modulus, :sealed, :now)""")
                .param("id", keyId).param("version", version).param("bits", publicKey.modulusBits())
                .param("modulus", publicKey.modulus().toString()).param("sealed", sealed)
                .param("now", utc(clock.instant())).update();
    }

    private static byte[] associatedData(UUID tenantId, String name, int version) {
        return ("he-private-key\0" + tenantId + "\0" + name + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
