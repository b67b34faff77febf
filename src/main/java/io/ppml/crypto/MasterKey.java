package io.ppml.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The service's root secret: 256 random bits from which every other service key is derived with HKDF-SHA-256
 * (RFC 5869), one sub-key per purpose, so that a key used to hash API-key secrets is never also used to seal data.
 * Sealing sub-keys are further split by a key id that rotates (see {@link SealingKeyLimits}). The raw bytes never
 * leave this class except through {@link #exportBase64()}, which exists only to write the generated key file;
 * {@link #toString()} never prints them.
 */
public final class MasterKey {

    public static final int LENGTH_BYTES = 32;
    private static final byte[] SALT = "ppml-service master key v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;
    private final SealingKeyLimits sealingKeyLimits;
    /** One rotating envelope per purpose, so that every caller of a purpose shares its key id and message count. */
    private final ConcurrentHashMap<String, Aead> aeads = new ConcurrentHashMap<>();

    private MasterKey(byte[] key, SealingKeyLimits sealingKeyLimits) {
        if (key.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("the master key must be exactly " + LENGTH_BYTES + " bytes, got "
                    + key.length);
        }
        this.key = key.clone();
        this.sealingKeyLimits = sealingKeyLimits;
    }

    private MasterKey(byte[] key) {
        this(key, SealingKeyLimits.DEFAULT);
    }

    public static MasterKey generate() {
        return new MasterKey(Randomness.bytes(LENGTH_BYTES));
    }

    /** Parses the base64 (standard or URL-safe) form of 32 bytes, as stored in {@code master.key}. */
    public static MasterKey fromBase64(String encoded) {
        String trimmed = encoded.strip();
        byte[] bytes;
        try {
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not valid base64");
        }
        return new MasterKey(bytes);
    }

    /** The key in base64, for writing the generated key file. Never log or return it. */
    public String exportBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** A keyed hash (HMAC-SHA-256) under the sub-key for {@code purpose}. */
    public KeyedHash keyedHash(String purpose) {
        return new KeyedHash(derive("hmac:" + purpose));
    }

    /** The same key, sealing under sub-keys that rotate at {@code limits} rather than the defaults. */
    public MasterKey withSealingKeyLimits(SealingKeyLimits limits) {
        return new MasterKey(key, limits);
    }

    public SealingKeyLimits sealingKeyLimits() {
        return sealingKeyLimits;
    }

    /**
     * The AES-256-GCM envelope for {@code purpose}, shared by all callers of this purpose: it seals under rotating
     * sub-keys and opens anything sealed for this purpose under this master key, by any instance, in any format
     * version.
     */
    public Aead aead(String purpose) {
        return aeads.computeIfAbsent(purpose, p -> new AesGcmAead(this, p, sealingKeyLimits, Clock.systemUTC()));
    }

    /** A separate envelope with its own limits and clock, for tests of rotation. */
    Aead aead(String purpose, SealingKeyLimits limits, Clock clock) {
        return new AesGcmAead(this, purpose, limits, clock);
    }

    private byte[] derive(String info) {
        return derive(info.getBytes(StandardCharsets.UTF_8));
    }

    /** 32 bytes of HKDF-SHA-256 output for {@code info}; the caller owns (and should wipe) the array. */
    byte[] derive(byte[] info) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key, SALT, info));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    /** Constant-time comparison of two byte arrays (equal length or not). */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MasterKey that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(SALT);
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
