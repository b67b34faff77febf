package io.ppml.smpc.core;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;

import io.ppml.crypto.Randomness;
import io.ppml.smpc.core.p256.P256;

/**
 * Arithmetic in the prime field Z_q, where q is the order of the NIST P-256 group (FIPS 186-5 / SEC 2 "secp256r1",
 * taken from Bouncy Castle's curve parameters). Shares live in this field, rather than modulo some other prime, so
 * that a share can be checked against a Pedersen commitment x·G + r·H on P-256: scalars of that group are exactly
 * the integers modulo q.
 *
 * <p>Every element is a {@link BigInteger} in [0, q). Values that arrive from outside are checked with
 * {@link #requireElement}; results of the operations here are always reduced.
 */
public final class Field {

    /** q = FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551 (hex), a 256-bit prime. */
    public static final BigInteger Q = P256.ORDER;

    /** Elements are at most 256 bits, 32 bytes big-endian. */
    public static final int BYTES = 32;

    private Field() {
    }

    /**
     * The value itself if it is an element of the field, else {@link SmpcException} ({@code INVALID_INPUT}) naming
     * {@code field}. A share from outside must be reduced: accepting q + x for x would give one share two encodings,
     * and a negative value has no meaning here.
     */
    public static BigInteger requireElement(BigInteger value, String field) {
        if (value.signum() < 0) {
            throw SmpcException.invalidInput(field, "must not be negative");
        }
        if (value.compareTo(Q) >= 0) {
            throw SmpcException.invalidInput(field, "must be below the field order q of P-256");
        }
        return value;
    }

    public static boolean isElement(BigInteger value) {
        return value.signum() >= 0 && value.compareTo(Q) < 0;
    }

    /** Parses a decimal string (the wire format of shares) into a field element, refusing anything else. */
    public static BigInteger parse(String decimal, String field) {
        // Canonical digits only: BigInteger also accepts a sign and leading zeros, which would give one share
        // several encodings ("-0", "+5", "007"). q has 78 decimal digits.
        boolean digits = !decimal.isEmpty() && decimal.length() <= 78
                && decimal.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (decimal.length() > 1 && decimal.charAt(0) == '0')) {
            throw SmpcException.invalidInput(field,
                    "must be a decimal integer in [0, q) without sign or leading zeros");
        }
        return requireElement(new BigInteger(decimal), field);
    }

    /**
     * Whether two vectors of elements are equal, compared in time that depends only on their lengths (which are
     * public: a session's vector length), since one of them may be a stored secret share. Each element is encoded
     * in {@link #BYTES} bytes big-endian and the encodings go through {@link MessageDigest#isEqual}.
     */
    public static boolean equalInConstantTime(BigInteger[] a, BigInteger[] b) {
        return a.length == b.length && MessageDigest.isEqual(fixedWidth(a), fixedWidth(b));
    }

    private static byte[] fixedWidth(BigInteger[] values) {
        byte[] out = new byte[values.length * BYTES];
        for (int j = 0; j < values.length; j++) {
            byte[] raw = requireElement(values[j], "values[" + j + "]").toByteArray(); // ≤ 33 bytes: a sign byte
            int length = Math.min(raw.length, BYTES);
            System.arraycopy(raw, raw.length - length, out, (j + 1) * BYTES - length, length);
        }
        return out;
    }

    public static BigInteger add(BigInteger a, BigInteger b) {
        BigInteger sum = a.add(b);
        return sum.compareTo(Q) >= 0 ? sum.subtract(Q) : sum;
    }

    public static BigInteger sub(BigInteger a, BigInteger b) {
        BigInteger difference = a.subtract(b);
        return difference.signum() < 0 ? difference.add(Q) : difference;
    }

    public static BigInteger neg(BigInteger a) {
        return a.signum() == 0 ? a : Q.subtract(a);
    }

    public static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).mod(Q);
    }

    /** a^(−1) mod q; zero has no inverse. */
    public static BigInteger inverse(BigInteger a) {
        if (a.signum() == 0) {
            throw new ArithmeticException("zero has no inverse in the field");
        }
        return a.modInverse(Q);
    }

    /** Any integer, reduced into [0, q). */
    public static BigInteger reduce(BigInteger a) {
        return a.mod(Q);
    }

    public static BigInteger of(long value) {
        return reduce(BigInteger.valueOf(value));
    }

    /**
     * A uniformly random element, by rejection: 256 random bits are below q with probability 1 − 2^(−32) or so,
     * and rejecting the rest (instead of reducing mod q) keeps the distribution exactly uniform.
     */
    public static BigInteger random() {
        SecureRandom random = Randomness.secureRandom();
        while (true) {
            BigInteger candidate = new BigInteger(256, random);
            if (candidate.compareTo(Q) < 0) {
                return candidate;
            }
        }
    }
}
