package io.ppml.smpc.core;

import java.util.List;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;

/**
 * Something the SMPC core refuses: always a fault of the request ({@link Refusal.Kind#INVALID}) naming the field at
 * fault, e.g. {@code "share[3]"}, {@code "commitments"}, {@code "parts"}, with a {@link Problem} that says what went
 * wrong. The one caller that must answer otherwise — reconstruction, where a failed verification means a node
 * tampered with its share, a conflict — looks at {@link #problem()}.
 */
public class SmpcException extends Refusal {

    /** What went wrong, finer than the refusal's kind. */
    public enum Problem {
        /** Malformed input: a value outside the field, a wrong length, a bad parameter, an unencodable real. */
        INVALID_INPUT,
        /** Shares of different sessions or configurations were combined, or a party index repeats. */
        SESSION_MISMATCH,
        /** A share, an aggregate or a total does not open the commitments it was checked against. */
        VERIFICATION_FAILED,
        /** A reconstructed value lies outside the range that sums of encoded reals can reach. */
        OVERFLOW
    }

    private final Problem problem;

    public SmpcException(Problem problem, String field, String message) {
        super(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The field at fault; never null, unlike a plain refusal's. */
    @Override
    public String field() {
        return errors().get(0).field();
    }

    static SmpcException invalidInput(String field, String message) {
        return new SmpcException(Problem.INVALID_INPUT, field, message);
    }

    static SmpcException mismatch(String field, String message) {
        return new SmpcException(Problem.SESSION_MISMATCH, field, message);
    }

    static SmpcException verificationFailed(String field, String message) {
        return new SmpcException(Problem.VERIFICATION_FAILED, field, message);
    }
}
