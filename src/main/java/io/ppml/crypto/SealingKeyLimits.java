package io.ppml.crypto;

import java.time.Duration;

/**
 * When an instance stops sealing under its current AES-GCM sub-key and draws a fresh key id: after
 * {@code maxMessages} messages or once the key is {@code maxAge} old, whichever comes first. Opening is never
 * limited: a sub-key is derived from the master key and its id, so old data stays readable.
 *
 * <p>Why the defaults. With random 96-bit nonces, two of q messages under one key share a nonce with probability
 * at most q(q−1)/2 · 2⁻⁹⁶ (the birthday bound), and a shared nonce exposes the XOR of two plaintexts and the GHASH
 * key, which lets an attacker forge. NIST SP 800-38D §8.3 therefore caps random-nonce use at 2³² messages per key
 * (probability ≈ 2⁻³³). {@link #DEFAULT} stops at 2²⁴ messages: probability ≤ 2⁴⁸/2⁹⁷ = 2⁻⁴⁹, 2¹⁶ times safer,
 * and a rotation every 4.7 hours at 1,000 sealed messages a second — cheap, since a rotation is one HKDF
 * derivation and needs no coordination. The 24-hour age bounds how much data one sub-key protects when traffic is
 * low (a cryptoperiod, NIST SP 800-57 Part 1 §5.3), so that a sub-key leaked from one process's memory opens at
 * most a day's data of one purpose. {@link #maxMessages} may not exceed the 2³² cap.
 *
 * @param maxMessages messages sealed under one key id, 1 to 2³²
 * @param maxAge      how long one key id seals, at least one millisecond
 */
public record SealingKeyLimits(long maxMessages, Duration maxAge) {

    /** NIST SP 800-38D §8.3: at most 2³² invocations of GCM with random 96-bit nonces under one key. */
    public static final long NIST_RANDOM_NONCE_LIMIT = 1L << 32;

    public static final SealingKeyLimits DEFAULT = new SealingKeyLimits(1L << 24, Duration.ofHours(24));

    public SealingKeyLimits {
        if (maxMessages < 1 || maxMessages > NIST_RANDOM_NONCE_LIMIT) {
            throw new IllegalArgumentException("at most 1 to 2^32 (" + NIST_RANDOM_NONCE_LIMIT + ") messages may be "
                    + "sealed under one key (NIST SP 800-38D §8.3), got " + maxMessages);
        }
        if (maxAge.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("a sealing key's maximum age must be at least one millisecond, got "
                    + maxAge);
        }
    }

    /** {@link #maxAge} in milliseconds, saturating instead of overflowing for absurdly long ages. */
    long maxAgeMillis() {
        try {
            return maxAge.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
