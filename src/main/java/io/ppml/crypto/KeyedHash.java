package io.ppml.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 under a derived key: what the service stores instead of a bearer secret, so that a copy of the
 * database alone does not let anyone authenticate or test guesses offline. Thread-safe.
 */
public final class KeyedHash {

    private static final String ALGORITHM = "HmacSHA256";
    private final ThreadLocal<Mac> macs;

    KeyedHash(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
            }
        });
    }

    public byte[] hash(byte[] message) {
        Mac mac = macs.get();
        mac.reset();
        return mac.doFinal(message);
    }

    /** The lower-case hex HMAC of the UTF-8 bytes of {@code message}. */
    public String hashHex(String message) {
        return HexFormat.of().formatHex(hash(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code message} hashes to {@code expectedHex}, compared in constant time. */
    public boolean matches(String message, String expectedHex) {
        byte[] actual = hashHex(message).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expectedHex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "KeyedHash[HmacSHA256, key redacted]";
    }
}
