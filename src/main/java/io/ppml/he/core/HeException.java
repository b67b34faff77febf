package io.ppml.he.core;

/**
 * A homomorphic-encryption request the core refuses, with the kind of problem so that the service can answer 400
 * and say what was wrong. Messages never contain plaintext values or key material — only sizes, exponents and
 * the name of the rule that failed — because they may end up in logs.
 */
public class HeException extends RuntimeException {

    /** What went wrong; every kind is the caller's fault (a 400), never a server error. */
    public enum Problem {
        /** A plaintext, a plaintext operand or a decrypted result lies outside ±max_int (python-paillier's guard band). */
        OVERFLOW,
        /** A ciphertext outside Z*_{n²}: not in (0, n²) or not coprime to n. */
        INVALID_CIPHERTEXT,
        /** Ciphertexts (or a ciphertext and a private key) of different keys were combined. */
        KEY_MISMATCH,
        /** A public or private key that fails validation (size, parity, primality, format). */
        INVALID_KEY,
        /** A plaintext that cannot be encoded (NaN, infinity). */
        INVALID_PLAINTEXT,
        /** An exponent outside the supported range, or an exponent alignment whose factor 16^Δ exceeds max_int. */
        EXPONENT_OUT_OF_RANGE,
        /** A malformed request to the core (empty list, lengths that differ). */
        INVALID_ARGUMENT
    }

    private final Problem problem;

    public HeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
