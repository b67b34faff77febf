package io.ppml.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message, under sub-keys that rotate by count and age (see
 * {@link SealingKeyLimits}). Two wire formats:
 * <ul>
 * <li>version 2, written by {@link #encrypt}: {@code [2][key id, 8 bytes][nonce, 12 bytes][ciphertext][tag, 16
 * bytes]}. The sub-key is HKDF(master key, info = {@code "aead-v2:" ‖ purpose ‖ key id}), so any instance holding
 * the master key opens any key id without a key store. The 9-byte header is also authenticated, as a prefix of
 * the associated data, so neither the version nor the key id can be changed without the tag failing;</li>
 * <li>version 1, only opened: {@code [1][nonce, 12 bytes][ciphertext][tag]} under the single legacy sub-key
 * HKDF(master key, info = {@code "aead:" ‖ purpose}), with only the caller's associated data authenticated.</li>
 * </ul>
 * Each instance draws its key ids at random, so instances sharing a master key never share a key's message count;
 * two instances drawing the same 64-bit id (probability about k²/2⁶⁵ over k ids ever drawn) would at worst double
 * that key's count, still far below the NIST bound.
 *
 * <p>Thread-safe without locks: the current key is an {@link AtomicReference}, a message reserves its slot with one
 * {@link AtomicLong} increment, and the thread that finds the key spent swaps in a fresh one with a
 * compare-and-set (a thread that loses the race uses the winner's key). A slot is reserved before sealing, so no
 * key id ever seals more than {@code maxMessages} messages.
 */
final class AesGcmAead implements Aead {

    static final byte LEGACY_VERSION = 1;
    static final byte VERSION = 2;
    static final int KEY_ID_BYTES = 8;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES;
    /**
     * Sub-keys of other key ids kept for opening. One instance uses about one key id a day per purpose, so this
     * covers years of one instance's data; a miss costs one HKDF derivation (microseconds), not an error.
     */
    static final int CACHED_KEYS = 1_024;
    private static final byte[] V2_INFO_PREFIX = "aead-v2:".getBytes(StandardCharsets.UTF_8);

    private final MasterKey master;
    private final byte[] purpose;
    private final SealingKeyLimits limits;
    private final Clock clock;
    private final SecretKeySpec legacyKey;
    private final AtomicReference<SealingKey> current;
    private final ConcurrentHashMap<Long, SecretKeySpec> openingKeys = new ConcurrentHashMap<>();

    AesGcmAead(MasterKey master, String purpose, SealingKeyLimits limits, Clock clock) {
        this.master = master;
        this.purpose = purpose.getBytes(StandardCharsets.UTF_8);
        this.limits = limits;
        this.clock = clock;
        this.legacyKey = aesKey(master.derive(("aead:" + purpose).getBytes(StandardCharsets.UTF_8)));
        this.current = new AtomicReference<>(newSealingKey());
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        SealingKey key = reserve();
        byte[] out = new byte[HEADER_BYTES + NONCE_BYTES + plaintext.length + TAG_BYTES];
        ByteBuffer.wrap(out).put(VERSION).putLong(key.id);
        byte[] nonce = Randomness.bytes(NONCE_BYTES);
        System.arraycopy(nonce, 0, out, HEADER_BYTES, NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.spec, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(out, 0, HEADER_BYTES);
            cipher.updateAAD(associatedData);
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length == 0) {
            throw new SealedDataException("sealed data is empty");
        }
        return switch (ciphertext[0]) {
            case VERSION -> openVersion2(ciphertext, associatedData);
            case LEGACY_VERSION -> openVersion1(ciphertext, associatedData);
            default -> throw new SealedDataException("sealed data has unknown version " + (ciphertext[0] & 0xff));
        };
    }

    private byte[] openVersion2(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) {
            throw new SealedDataException("sealed data (version 2) is truncated");
        }
        long keyId = ByteBuffer.wrap(ciphertext, 1, KEY_ID_BYTES).getLong();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, openingKey(keyId),
                    new GCMParameterSpec(TAG_BYTES * 8, ciphertext, HEADER_BYTES, NONCE_BYTES));
            cipher.updateAAD(ciphertext, 0, HEADER_BYTES);
            cipher.updateAAD(associatedData);
            int body = HEADER_BYTES + NONCE_BYTES;
            return cipher.doFinal(ciphertext, body, ciphertext.length - body);
        } catch (AEADBadTagException e) {
            throw new SealedDataException("sealed data does not authenticate under this key and associated data");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private byte[] openVersion1(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < 1 + NONCE_BYTES + TAG_BYTES) {
            throw new SealedDataException("sealed data (version 1) is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, legacyKey, new GCMParameterSpec(TAG_BYTES * 8, ciphertext, 1,
                    NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealedDataException("sealed data does not authenticate under this key and associated data");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The current key with one message slot taken, rotating first if it is spent or too old. */
    private SealingKey reserve() {
        while (true) {
            SealingKey key = current.get();
            if (key.tryReserve(limits, clock.millis())) {
                return key;
            }
            // Losing the race is fine: the winner's key is fresh and the next iteration reserves a slot on it.
            if (current.compareAndSet(key, newSealingKey())) {
                remember(key.id, key.spec);
            }
        }
    }

    private SealingKey newSealingKey() {
        long id = ByteBuffer.wrap(Randomness.bytes(KEY_ID_BYTES)).getLong();
        return new SealingKey(id, deriveVersion2(id), clock.millis());
    }

    private SecretKeySpec openingKey(long keyId) {
        SealingKey sealing = current.get();
        if (sealing.id == keyId) {
            return sealing.spec;
        }
        SecretKeySpec cached = openingKeys.get(keyId);
        if (cached != null) {
            return cached;
        }
        SecretKeySpec derived = deriveVersion2(keyId);
        remember(keyId, derived);
        return derived;
    }

    private void remember(long keyId, SecretKeySpec spec) {
        if (openingKeys.size() >= CACHED_KEYS) {
            // Evict any one entry instead of tracking recency: a miss only costs a derivation, and this keeps
            // opening lock-free. Concurrent misses may overshoot the bound by at most the number of threads.
            Iterator<Long> victims = openingKeys.keySet().iterator();
            if (victims.hasNext()) {
                victims.next();
                victims.remove();
            }
        }
        openingKeys.put(keyId, spec);
    }

    private SecretKeySpec deriveVersion2(long keyId) {
        // The key id has a fixed length at the end, so purpose and key id cannot be re-split into another pair;
        // the "aead-v2:" prefix keeps these keys apart from the legacy "aead:" and the "hmac:" sub-keys.
        byte[] info = ByteBuffer.allocate(V2_INFO_PREFIX.length + purpose.length + KEY_ID_BYTES)
                .put(V2_INFO_PREFIX).put(purpose).putLong(keyId).array();
        return aesKey(master.derive(info));
    }

    private static SecretKeySpec aesKey(byte[] raw) {
        SecretKeySpec spec = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
        return spec;
    }

    @Override
    public String toString() {
        return "AesGcmAead[purpose=" + new String(purpose, StandardCharsets.UTF_8) + ", keys redacted]";
    }

    /** One key id's sub-key and how many messages have claimed a slot under it. */
    private static final class SealingKey {

        final long id;
        final SecretKeySpec spec;
        final long createdMillis;
        final AtomicLong reserved = new AtomicLong();

        SealingKey(long id, SecretKeySpec spec, long createdMillis) {
            this.id = id;
            this.spec = spec;
            this.createdMillis = createdMillis;
        }

        /**
         * Claims one message slot unless the key is spent or too old. A clock that moved backwards also retires the
         * key, since its age can no longer be trusted. Failed claims past the limit only push the counter higher;
         * they never seal.
         */
        boolean tryReserve(SealingKeyLimits limits, long nowMillis) {
            long age = nowMillis - createdMillis;
            if (age < 0 || age >= limits.maxAgeMillis()) {
                return false;
            }
            return reserved.incrementAndGet() <= limits.maxMessages();
        }
    }
}
