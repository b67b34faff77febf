package io.ppml.he.core;

import java.util.List;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;

/**
 * A homomorphic-encryption request the core refuses: always {@link Refusal.Kind#INVALID} (the caller's fault, a 400,
 * never a server error), with the {@link Problem} that says which rule failed. Messages never contain plaintext
 * values or key material — only sizes, exponents and the name of the rule that failed — because they may end up in
 * logs.
 *
 * <p>The core does not know which request field a value came from; the shell names it with {@link #naming(String)}.
 */
public class HeException extends Refusal {

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
        super(Kind.INVALID, message, List.of());
        this.problem = problem;
    }

    private HeException(Problem problem, String field, String message) {
        super(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /**
     * This refusal, naming the request field ({@code "values[3]"}, {@code "ciphertexts"}) the refused value came
     * from — the same detail and error as {@link Refusal#invalid(String, String)}. One that already names a field is
     * returned as it is: the innermost caller knows the field best.
     */
    public HeException naming(String field) {
        return field() != null ? this : new HeException(problem, field, reason());
    }
}
